// The agent end of the control channel, shared by the TypeScript agents (runtimes/node/agent.ts,
// runtimes/deno/agent.ts, runtimes/bun/native-agent.ts): hello, one request at a time checked
// against the spec (harness/protocol/check-request.ts), the socket-name map, replies in printable
// ASCII with their timing, and the end of input. Portable: it runs inside Node, Deno and Bun, so
// it imports no node: module; each agent injects its stdin and stdout and keeps only its ops.
import { checkRequest } from '../protocol/check-request.ts';
import type { CheckedRequest, Hello, SocketError } from '../protocol/messages.ts';
import type { Op } from '../protocol/op-spec.ts';
import { startTiming, wallClockMs } from '../protocol/wall-clock.ts';

/** What an op gives: a success value, the system's error, or what the runtime cannot do. */
export type Outcome = { ok: Record<string, unknown> } | { error: SocketError } | { unsupported: string };

/** A request the harness got wrong in a way only the op can see: answered as a fault. */
export class Fault extends Error {}

/** Each op of an agent, given its request checked with its defaults filled in, and the fields the request itself gave. */
export type OpHandlers = { [O in Op]: (req: CheckedRequest<O>, given: ReadonlySet<string>) => Promise<Outcome> };

/** The harness's names for the agent's sockets (PROTOCOL.md: `as` makes one, `sock` uses one). */
export class Sockets<E extends { kind: string; label: string }> {
  private readonly entries = new Map<string, E>();

  has(name: string): boolean {
    return this.entries.has(name);
  }

  set(name: string, entry: E): void {
    this.entries.set(name, entry);
  }

  values(): IterableIterator<E> {
    return this.entries.values();
  }

  /** The socket `name` names; the request was checked, so a miss is the agent's own fault to report. */
  get(name: string): E {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new Fault(`unknown socket "${name}"`);
    return entry;
  }

  /** The socket `name` names, which must be of `kind` ("conn", "listener"). */
  of<K extends E['kind']>(name: string, kind: K): Extract<E, { kind: K }> {
    const entry = this.get(name);
    if (entry.kind !== kind) throw new Fault(`"${entry.label}" is a ${entry.kind} socket, not a ${kind}`);
    return entry as Extract<E, { kind: K }>;
  }
}

/** One agent: its hello, ops and socket map, and what the loop needs of its runtime. */
export interface AgentDefinition {
  /** The agent's name in unsupported replies ("node", "deno", "bun-api"). */
  who: string;
  hello: Omit<Hello, 'hello' | 'protocol'>;
  ops: OpHandlers;
  names: { has(name: string): boolean };
  /** Names what threw outside a Fault ("node:net", "Deno"), for the fault reply. */
  thrower: string;
  describe(err: unknown): string;
  /** Runs after the request is checked and before its timing starts (Node: one event-loop turn). */
  beforeOp?: () => Promise<void>;
}

/** The agent's stdin as lines and its stdout as a line writer (the loop adds the newline). */
export interface AgentIo {
  lines: AsyncIterable<string>;
  write(line: string): void;
}

// PROTOCOL.md: every line printable ASCII; JSON.stringify escapes below 0x20, we escape the rest.
const encode = (message: Record<string, unknown>): string =>
  `${JSON.stringify(message).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;

const handle = async (line: string, agent: AgentDefinition, io: AgentIo): Promise<void> => {
  const checked = checkRequest(line, agent.names, agent.who);
  if ('fault' in checked) return io.write(encode({ id: checked.id, fault: checked.fault }));
  if ('unsupported' in checked) return io.write(encode({ id: checked.id, ok: false, unsupported: checked.unsupported, t: { start: wallClockMs(), ms: 0 } }));
  const { id, op, fields, given } = checked.run;
  await agent.beforeOp?.();
  const t = startTiming();
  try {
    const outcome = await (agent.ops[op] as (req: unknown, given: ReadonlySet<string>) => Promise<Outcome>)(fields, given);
    const timing = { start: t.start, ms: t.since() };
    if ('ok' in outcome) io.write(encode({ id, ok: true, value: outcome.ok, t: timing }));
    else io.write(encode({ id, ok: false, ...outcome, t: timing }));
  } catch (err) {
    io.write(encode({ id, fault: err instanceof Fault ? err.message : `the request made ${agent.thrower} throw: ${agent.describe(err)}` }));
  }
};

/** Writes the hello, answers each line in order, and resolves at the end of input (the agent then closes all). */
export const runAgent = async (io: AgentIo, agent: AgentDefinition): Promise<void> => {
  io.write(encode({ hello: 'sockspec-agent', protocol: 1, ...agent.hello }));
  for await (const line of io.lines) await handle(line, agent, io);
};

/** Lines pushed by event handlers (node:readline) as an async iterable the loop pulls one at a time. */
export const pushedLines = (): { push(line: string): void; end(): void; lines: AsyncIterable<string> } => {
  const queue: string[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const poke = (): void => {
    wake?.();
    wake = null;
  };
  async function* lines(): AsyncGenerator<string> {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) yield next;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return {
    push: (line) => {
      queue.push(line);
      poke();
    },
    end: () => {
      ended = true;
      poke();
    },
    lines: lines(),
  };
};

/** Splits a byte stream on 0x0a and decodes each whole line as UTF-8, so no character is cut between reads. */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let partial = new Uint8Array(0);
  for await (const chunk of chunks) {
    let data = new Uint8Array(partial.length + chunk.length);
    data.set(partial);
    data.set(chunk, partial.length);
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a)) {
      yield decoder.decode(data.subarray(0, nl)).replace(/\r$/, '');
      data = data.subarray(nl + 1);
    }
    partial = data;
  }
  if (partial.length > 0) yield decoder.decode(partial);
}

/** Bytes of a latin1 string (code points 0-255; the check ran before the op). */
export const latin1Bytes = (data: string): Uint8Array => {
  const out = new Uint8Array(data.length);
  for (let k = 0; k < data.length; k++) out[k] = data.charCodeAt(k);
  return out;
};

/** A latin1 string of bytes, in slices so no call gets too many arguments. */
export const latin1String = (bytes: Uint8Array): string => {
  let s = '';
  for (let k = 0; k < bytes.length; k += 8192) s += String.fromCharCode(...bytes.subarray(k, k + 8192));
  return s;
};

/** `bytes: N` of send: N bytes of "abc...z" repeated (byte k is 'a' + k % 26). */
export const patternBytes = (n: number): Uint8Array => {
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) out[k] = 97 + (k % 26);
  return out;
};

/** The agent's own wait ran out (PROTOCOL.md, Replies): an error with `timeout: true`. */
export const agentTimeout = (message: string): Outcome => ({
  error: { errno: 'ETIMEDOUT', name: 'agent-timeout', synthesized: true, syscall: null, message, timeout: true },
});
