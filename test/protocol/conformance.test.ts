// Every agent under runtimes/ against harness/protocol/PROTOCOL.md: real processes, real loopback sockets,
// and the raw control channel read here line by line (not through AgentProcess), so the wire
// format itself is what is checked. Nothing below names a runtime: a new folder is checked as is.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import type { Available, Prepared } from '../../harness/adapters/adapter.ts';
import { discoverRuntimes } from '../../harness/adapters/discover-runtimes.ts';
import { FEATURES } from '../../harness/protocol/op-spec.ts';
import { probeAgent } from './field-probes.ts';
import { RawAgent, type Line } from './raw-agent.ts';
import { isObject, replyProblems, valueProblems } from './reply-shape.ts';

type Json = Record<string, unknown>;
type Fields = Record<string, string | number | boolean>;
// The subtests of one runtime are declared on this.
type Suite = Pick<typeof t, 'test'>;
// What the helpers need of a test; the root `t` and every subtest have it.
type Checks = Pick<typeof t, 'teardown' | 'equal' | 'ok' | 'notOk' | 'strictSame' | 'fail' | 'type'>;

const RUNTIMES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../runtimes');
const HOST = '127.0.0.1';
// Bound on each wait for a line: above the agents' own 2000 ms default wait, so a timeout reply comes first.
const LINE_MS = 5000;
// PROTOCOL.md "Life cycle" 3: on stdin EOF the agent closes everything and exits 0, within this.
const EXIT_MS = 2000;
const HELLO_FIELDS = ['hello', 'protocol', 'runtime', 'version', 'pid', 'features'];
// Every byte value once: the JSON specials 0x00, 0x0a, 0x22, 0x5c, DEL 0x7f, latin1 0xe9, 0xff among them.
const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
// PROTOCOL.md: replies escape bytes outside 0x20-0x7e, so every line an agent writes is printable ASCII.
const PRINTABLE = /^[\x20-\x7e]*$/;

/** The harness's way of writing a request (JSON.stringify: 0x80-0xff go out as raw UTF-8). */
const asHarness = (message: Json): string => JSON.stringify(message);
/** The same request with every byte outside printable ASCII as a \u00XX escape. */
const asEscaped = (message: Json): string =>
  JSON.stringify(message).replace(/[\u007f-\u00ff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const kindOf = (reply: Json): string =>
  'fault' in reply ? 'fault' : reply.ok === true ? 'ok' : 'unsupported' in reply ? 'unsupported' : 'error';

/** An agent with its hello read; every reply it gives is checked against the protocol's shapes. */
interface Session {
  agent: RawAgent;
  hello: Json;
  /** One request, answered by the next line; `text` overrides how the request is written. */
  ask(op: string, fields?: Fields, opts?: { id?: number; text?: string }): Promise<Json>;
  /** A request that must succeed; its value, checked against the op's documented shape. */
  value(op: string, fields?: Fields, opts?: { id?: number; text?: string }): Promise<Json>;
  /** A line written as is (a fault case), its reply checked as the answer to `id`. */
  line(text: string, id: number | null): Promise<Json>;
}

const parse = (line: Line, label: string, what: string): Json => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.text);
  } catch {
    parsed = undefined;
  }
  if (!isObject(parsed)) throw new Error(`${label}: ${what} is not a JSON object: ${JSON.stringify(line.text.slice(0, 300))}`);
  return parsed;
};

const open = async (t: Checks, prepared: Available, label: string): Promise<Session> => {
  const agent = RawAgent.start(prepared.command(), label);
  t.teardown(() => agent.stop());
  const hello = parse(await agent.nextLine(LINE_MS, 'its hello'), label, 'its hello');
  let nextId = 1;
  const reply = async (text: string, id: number | null, what: string): Promise<{ reply: Json; line: Line }> => {
    const line = await agent.request(text, LINE_MS);
    const parsed = parse(line, label, `the reply to ${what}`);
    const ascii = PRINTABLE.test(line.raw.toString('latin1')) ? [] : ['the line has bytes outside printable ASCII (0x20-0x7e)'];
    t.strictSame([...replyProblems(parsed, id), ...ascii], [], `${label}: ${what} gets a well-formed reply`, { found: line.text });
    return { reply: parsed, line };
  };
  const ask = async (op: string, fields: Fields = {}, opts: { id?: number; text?: string } = {}) => {
    const id = opts.id ?? nextId++;
    const text = opts.text ?? asHarness({ id, op, ...fields });
    return reply(text, id, `${op} #${id}`);
  };
  return {
    agent,
    hello,
    ask: async (op, fields, opts) => (await ask(op, fields, opts)).reply,
    value: async (op, fields, opts) => {
      const { reply: r, line } = await ask(op, fields, opts);
      if (r.ok !== true || !isObject(r.value)) throw new Error(`${label}: ${op} wanted ok, found ${line.text}`);
      t.strictSame(valueProblems(op, r.value), [], `${label}: ${op} value has its documented shape`, { found: r.value });
      return r.value;
    },
    line: async (text, id) => (await reply(text, id, JSON.stringify(text))).reply,
  };
};

/** Two agents of one runtime joined by one loopback connection: the server's `s` (accepted on `l`) and the client's `c`. */
const connectedPair = async (t: Checks, prepared: Available) => {
  const server = await open(t, prepared, 'server');
  const client = await open(t, prepared, 'client');
  const { port } = await server.value('listen', { as: 'l', host: HOST, port: 0 });
  const { localPort } = await client.value('connect', { as: 'c', host: HOST, port: port as number, timeoutMs: 2000 });
  const { remotePort } = await server.value('accept', { sock: 'l', as: 's', timeoutMs: 2000 });
  t.equal(remotePort, localPort, "accept's remotePort is the client's localPort");
  return { server, client };
};

/** Reads `want` bytes with plain recv calls (one read may return part of them). */
const readBytes = async (t: Checks, agent: Session, sock: string, want: number): Promise<string> => {
  let data = '';
  // A bound on reads, not on time: each recv has its own wait.
  for (let reads = 0; data.length < want && reads < 64; reads++) {
    const value = await agent.value('recv', { sock, timeoutMs: 2000 });
    if (value.eof === true) {
      t.fail(`recv on ${sock} read EOF after ${data.length} of ${want} bytes`);
      break;
    }
    data += String(value.data);
  }
  return data;
};

const errorOf = (reply: Json): Json => (isObject(reply.error) ? reply.error : {});

/** Ends stdin, then wants exit code 0 within EXIT_MS and nothing more on stdout. */
const exitsOnEof = async (t: Checks, session: Session, what: string): Promise<void> => {
  session.agent.endInput();
  const exit = await session.agent.exitWithin(EXIT_MS).catch((err: Error) => {
    t.fail(err.message);
    return null;
  });
  if (exit === null) return;
  t.strictSame(exit, { code: 0, signal: null, spawnError: null }, `${what}: exits with code 0 within ${EXIT_MS} ms of stdin EOF`);
  const rest = await session.agent.rest(LINE_MS);
  t.strictSame(rest.map((l) => l.text), [], `${what}: writes nothing after its last reply`);
};

const conformance = (t: Suite, runtime: string, prepared: Available): void => {
  t.test('1. the first line is a hello with exactly the documented fields', async (t) => {
    const agent = RawAgent.start(prepared.command(), `${runtime} agent`);
    t.teardown(() => agent.stop());
    // Nothing has been written to its stdin yet: the hello must come unprompted.
    const line = await agent.nextLine(LINE_MS, 'its hello (nothing written to its stdin yet)');
    const hello = parse(line, agent.label, 'its first line');
    t.strictSame(Object.keys(hello).filter((k) => !HELLO_FIELDS.includes(k)), [], 'no fields beyond the documented ones', { found: hello });
    t.equal(hello.hello, 'sockspec-agent', 'hello is "sockspec-agent"');
    t.equal(hello.protocol, 1, 'protocol is the number 1');
    t.equal(hello.runtime, runtime, 'runtime is the adapter name');
    t.ok(typeof hello.version === 'string' && hello.version !== '', 'version is a non-empty string', { found: hello.version });
    t.equal(hello.pid, agent.pid, "pid is the agent process's own pid");
    if ('features' in hello) {
      const features = hello.features;
      t.ok(Array.isArray(features) && features.every((f) => typeof f === 'string'), 'features is an array of strings', { found: features });
      t.strictSame(Array.isArray(features) ? features.filter((f) => !FEATURES.includes(f as string)) : [], [], 'every feature is one op-spec.ts names (FEATURES)', { found: features });
    }
    t.ok(PRINTABLE.test(line.raw.toString('latin1')), 'the hello line is printable ASCII', { found: line.text });
  });

  t.test('3. core ops give their documented values; bytes round-trip exactly', async (t) => {
    const { server, client } = await connectedPair(t, prepared);
    const sent = await client.value('send', { sock: 'c', data: ALL_BYTES });
    t.equal(sent.bytes, 256, 'send reports all 256 bytes written (request written as the harness writes it)');
    t.equal(await readBytes(t, server, 's', 256), ALL_BYTES, 'recv returns every byte value 0x00-0xff exactly');
    const id = 100;
    const again = await server.value('send', {}, { id, text: asEscaped({ id, op: 'send', sock: 's', data: ALL_BYTES }) });
    t.equal(again.bytes, 256, 'send reports all 256 bytes written (request with \\u00XX escapes)');
    const all = await client.value('recvAll', { sock: 'c', bytes: 256, timeoutMs: 2000 });
    t.strictSame(all, { data: ALL_BYTES, bytes: 256 }, 'recvAll returns exactly the 256 bytes');
    t.strictSame(await client.value('shutdown', { sock: 'c', how: 'write' }), {}, 'shutdown write succeeds');
    t.strictSame(await server.value('recv', { sock: 's', timeoutMs: 2000 }), { eof: true }, "the peer's recv reads EOF after shutdown write");
    t.strictSame(await server.value('close', { sock: 's' }), {}, 'close of a connection succeeds');
    t.strictSame(await client.value('recv', { sock: 'c', timeoutMs: 2000 }), { eof: true }, "the peer's recv reads EOF after close");
    t.strictSame(await client.value('close', { sock: 'c' }), {}, 'close of the other end succeeds');
    t.strictSame(await server.value('close', { sock: 'l' }), {}, 'close of a listener succeeds');
  });

  t.test('3. recvAll that meets EOF first returns what arrived, with eof: true', async (t) => {
    const { server, client } = await connectedPair(t, prepared);
    await client.value('send', { sock: 'c', data: 'abc' });
    await client.value('shutdown', { sock: 'c', how: 'write' });
    const value = await server.value('recvAll', { sock: 's', bytes: 10, timeoutMs: 2000 });
    t.equal(value.eof, true, 'recvAll reports EOF');
    t.equal(value.data, 'abc', 'with the 3 bytes that arrived before it');
  });

  t.test('3. abort: the peer reads ECONNRESET', async (t) => {
    const { server, client } = await connectedPair(t, prepared);
    const reply = await client.ask('abort', { sock: 'c' });
    if ('unsupported' in reply) {
      const features = client.hello.features;
      t.notOk(Array.isArray(features) && features.includes('abort'), 'abort is unsupported only where hello.features does not claim "abort"', { found: reply });
      return;
    }
    t.equal(reply.ok, true, 'abort succeeds', { found: reply });
    const read = await server.ask('recv', { sock: 's', timeoutMs: 2000 });
    t.equal(read.ok, false, "the peer's recv fails", { found: read });
    t.equal(errorOf(read).errno, 'ECONNRESET', 'with ECONNRESET', { found: read.error });
  });

  t.test('3. reserve: the port is closed to connections', async (t) => {
    const server = await open(t, prepared, 'server');
    const client = await open(t, prepared, 'client');
    const { port } = await server.value('reserve', { as: 'r', host: HOST });
    const reply = await client.ask('connect', { as: 'c', host: HOST, port: port as number, timeoutMs: 2000 });
    t.equal(reply.ok, false, 'a connect to the reserved port fails', { found: reply });
    t.equal(errorOf(reply).errno, 'ECONNREFUSED', 'with ECONNREFUSED', { found: reply.error });
  });

  t.test('4. a recv that times out is an error with timeout: true; the connection stays usable', async (t) => {
    const { server, client } = await connectedPair(t, prepared);
    const began = performance.now();
    const reply = await server.ask('recv', { sock: 's', timeoutMs: 100 });
    const took = performance.now() - began;
    const error = errorOf(reply);
    t.equal(reply.ok, false, 'recv on an idle connection fails', { found: reply });
    t.strictSame([error.errno, error.name, error.timeout], ['ETIMEDOUT', 'agent-timeout', true], 'as an agent timeout', { found: error });
    t.ok(took < 1500, `the agent honoured timeoutMs: 100 (replied after ${took.toFixed(0)} ms, not its 2000 ms default)`);
    await client.value('send', { sock: 'c', data: 'ping' });
    t.equal(await readBytes(t, server, 's', 4), 'ping', 'a later recv on the same socket reads what the peer sent');
    await server.value('send', { sock: 's', data: 'pong' });
    t.equal(await readBytes(t, client, 'c', 4), 'pong', 'and a later send on it arrives');
  });

  t.test('5. a request the agent cannot read is a fault, and the agent keeps working', async (t) => {
    const agent = await open(t, prepared, 'agent');
    let probes = 0;
    // Each fault is followed by an ordinary request that must succeed.
    const keepsWorking = async (after: string): Promise<void> => {
      const { port } = await agent.value('listen', { as: `probe${++probes}`, host: HOST, port: 0 });
      t.type(port, 'number', `still works after ${after}`);
    };
    const faults: [string, Json][] = [
      ['an unknown op', { id: 200, op: 'frobnicate', sock: 'x' }],
      ['an unknown socket name', { id: 201, op: 'send', sock: 'no-such-socket', data: 'x' }],
      ['a listen without host', { id: 202, op: 'listen', as: 'm', port: 0 }],
      ['a connect without port', { id: 203, op: 'connect', as: 'm', host: HOST }],
      ['a send without sock', { id: 204, op: 'send', data: 'x' }],
      ['a request without op', { id: 205, as: 'm' }],
    ];
    for (const [what, message] of faults) {
      const reply = await agent.line(JSON.stringify(message), message.id as number);
      t.type(reply.fault, 'string', `${what} is a fault`, { found: reply });
      await keepsWorking(what);
    }
    const unreadable: [string, string][] = [
      ['a line that is not JSON', 'this is not JSON'],
      ['a truncated JSON object', '{"id":206,"op":"listen","as":"m"'],
      ['a JSON array', '[207,"listen"]'],
      ['a request without id', JSON.stringify({ op: 'listen', as: 'm', host: HOST, port: 0 })],
    ];
    for (const [what, text] of unreadable) {
      const reply = await agent.line(text, null);
      t.type(reply.fault, 'string', `${what} is a fault with id null`, { found: reply });
      await keepsWorking(what);
    }
    await agent.value('listen', { as: 'm', host: HOST, port: 0 });
    t.ok(true, 'no faulted request took the name "m"');
  });

  t.test('6. an unknown option set to true is unsupported: a reply, not a fault', async (t) => {
    const agent = await open(t, prepared, 'agent');
    const reply = await agent.ask('listen', { as: 'u', host: HOST, port: 0, frobnicate: true });
    t.equal(kindOf(reply), 'unsupported', 'listen with frobnicate: true is unsupported', { found: reply });
    t.equal(reply.ok, false, 'with ok: false');
    await agent.value('listen', { as: 'u', host: HOST, port: 0 });
    t.ok(true, 'the agent keeps working, and the unsupported listen did not take the name "u"');
  });

  t.test('7. requests are answered in order, exactly once', async (t) => {
    const agent = await open(t, prepared, 'agent');
    // Ids out of order and up to 2^53 - 1; every kind of reply among them.
    const { port } = await agent.value('listen', { as: 'l', host: HOST, port: 0 }, { id: 7 });
    const reserved = await agent.value('reserve', { as: 'r', host: HOST }, { id: 3 });
    await agent.value('connect', { as: 'c', host: HOST, port: port as number, timeoutMs: 2000 }, { id: 1000 });
    const expected: [number, string, Fields, string][] = [
      [42, 'frobnicate', {}, 'fault'],
      [Number.MAX_SAFE_INTEGER, 'listen', { as: 'x', host: HOST, port: 0, frobnicate: true }, 'unsupported'],
      [5, 'connect', { as: 'refused', host: HOST, port: reserved.port as number, timeoutMs: 2000 }, 'error'],
      [6, 'recv', { sock: 'c', timeoutMs: 50 }, 'error'],
      [1, 'accept', { sock: 'l', as: 's', timeoutMs: 2000 }, 'ok'],
      [2, 'close', { sock: 's' }, 'ok'],
    ];
    for (const [id, op, fields, kind] of expected) {
      const reply = await agent.ask(op, fields, { id });
      t.equal(kindOf(reply), kind, `${op} #${id} is answered (${kind})`, { found: reply });
    }
    await exitsOnEof(t, agent, 'after those requests');
  });

  t.test('9. every op x every field of the spec: a wrong type, a value out of range, a field left out, an unknown option get the reply the spec names, and change nothing', async (t) => {
    const agent = RawAgent.start(prepared.command(), `${runtime} agent`);
    t.teardown(() => agent.stop());
    parse(await agent.nextLine(LINE_MS, 'its hello'), agent.label, 'its hello');
    t.strictSame(await probeAgent(agent), [], 'every probe of harness/protocol/op-spec.ts answered as the spec says');
  });

  t.test('8. on stdin EOF the agent exits 0 within 2 s, closing what it holds', async (t) => {
    await exitsOnEof(t, await open(t, prepared, 'idle agent'), 'an idle agent');
    const { server, client } = await connectedPair(t, prepared);
    await exitsOnEof(t, server, 'an agent holding a listener and a connection');
    t.strictSame(await client.value('recv', { sock: 'c', timeoutMs: 2000 }), { eof: true }, 'its peer reads EOF: a plain close, not a reset');
    await exitsOnEof(t, client, 'an agent holding a connection the peer closed');
  });
};

// Check 2 (every reply's shape) runs inside every request above: Session checks each line.
const { adapters: all, broken } = await discoverRuntimes([RUNTIMES]);
// SOCKSPEC_RUNTIMES=deno,python checks only those (while writing an agent); unset: every runtime folder.
const only = process.env.SOCKSPEC_RUNTIMES?.split(',').filter((n) => n !== '');
const adapters = only === undefined ? all : all.filter((a) => only.includes(a.name));
t.ok(adapters.length > 0, `runtimes found under ${RUNTIMES}`, { found: adapters.map((a) => a.name) });
for (const b of broken) t.fail(`runtime folder "${b.name}" loads`, { found: b.reason });
const cacheDir = defaultCacheDir();
for (const adapter of adapters) {
  // An adapter reports trouble as `available: false`; a throw is itself a broken contract.
  const prepared: Prepared | Error = await adapter.prepare({ cacheDir }).catch((err: unknown) => err instanceof Error ? err : new Error(String(err)));
  if (prepared instanceof Error) {
    t.fail(`${adapter.name}: prepare() resolves (a missing runtime is available: false)`, { found: prepared.message });
    continue;
  }
  // Each of the runtime's other programs (PROTOCOL.md holds them to the same contract) is checked as its own agent.
  for (const program of [null, ...(adapter.programs ?? []).map((p) => p.name)]) {
    const label = program === null ? adapter.name : `${adapter.name} ${program}`;
    t.test(label, { skip: prepared.available ? false : prepared.reason }, async (t) => {
      if (prepared.available) conformance(t, adapter.name, { ...prepared, command: () => prepared.command(program) });
    });
  }
}
