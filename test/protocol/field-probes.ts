// Requests that break one rule each, generated from harness/protocol/op-spec.ts: every op x every
// field gets a wrong type, values out of range, the field left out or null, and an unknown option;
// every setopt name a wrong value; every line rule its malformed line. An agent must answer each
// with the reply the spec names (fault, or unsupported) and change nothing.
import { MAX_NAME_LENGTH, OP_SPEC, OPS, SETOPT_NAMES, fieldsOf, type FieldSpec, type Op } from '../../harness/protocol/op-spec.ts';
import type { RawAgent } from './raw-agent.ts';
import { isObject, replyProblems } from './reply-shape.ts';

type Json = Record<string, unknown>;

/** One request and the reply the spec wants: a fault echoing the id, a fault with id null, or unsupported. */
export interface Probe {
  what: string;
  /** The line as sent; `id` is the id the reply must carry (null for an unreadable line). */
  text: string;
  id: number | null;
  want: 'fault' | 'unsupported';
}

const HOST = '127.0.0.1';
const LINE_MS = 5000;
const UNKNOWN = 'frobnicate';

/** A valid request of each op on the session's sockets (`l` a listener on `port`, `c` a connection). */
const baseOf = (op: Op, port: number): Json => {
  const bases: Record<Op, Json> = {
    listen: { as: 'probe', host: HOST, port: 0 },
    reserve: { as: 'probe', host: HOST },
    connect: { as: 'probe', host: HOST, port, timeoutMs: 2000 },
    accept: { sock: 'l', as: 'probe', timeoutMs: 100 },
    send: { sock: 'c', data: 'x' },
    recv: { sock: 'c', timeoutMs: 100 },
    recvAll: { sock: 'c', bytes: 1, timeoutMs: 100 },
    shutdown: { sock: 'c', how: 'write' },
    close: { sock: 'c' },
    abort: { sock: 'c' },
    disconnect: { sock: 'c' },
    setopt: { sock: 'c', name: 'nodelay', value: true },
    state: { sock: 'c' },
    info: { sock: 'c' },
  };
  return bases[op];
};

/** Values a field of this spec must refuse: wrong types, then values of the right type out of range. */
export const badValues = (spec: FieldSpec): [string, unknown][] => {
  switch (spec.type) {
    case 'name':
      return [['a number', 5], ['true', true], ['empty', ''], [`${MAX_NAME_LENGTH + 1} characters`, 'n'.repeat(MAX_NAME_LENGTH + 1)], ['a control character', 'a\u0001b'],
        spec.socket === 'new' ? ['the name of a socket in use', 'l'] : ['a name no socket has', 'nope']];
    case 'host':
      return [['a number', 5], ['a name, not an address', 'not-an-address']];
    case 'bytes':
    case 'string':
      return [['a number', 5], ['true', true]];
    case 'bool':
      return [['a number', 1], ['a string', 'true']];
    case 'enum':
      return [['a number', 1], ['a value not listed', 'sideways']];
    case 'int':
      return [['a numeric string', '1'], ['true', true], ['a fraction', 1.5],
        [`below ${spec.min ?? 0}`, (spec.min ?? 0) - 1], [`above ${spec.max}`, (spec.max ?? Number.MAX_SAFE_INTEGER) + 1]];
    case 'optionValue':
      return [['a string', 'x']];
  }
};

const line = (id: number, op: unknown, fields: Json): string => JSON.stringify({ id, op, ...fields });

/** Every probe of the spec, with ids from `firstId`. */
export const probes = (port: number, firstId = 1000): Probe[] => {
  let id = firstId;
  const out: Probe[] = [];
  const add = (what: string, op: unknown, fields: Json, want: Probe['want'] = 'fault'): void => {
    const n = id++;
    out.push({ what, text: line(n, op, fields), id: n, want });
  };
  for (const op of OPS) {
    const base = baseOf(op, port);
    for (const [key, spec] of Object.entries(fieldsOf(op))) {
      if (spec.required === true) {
        const { [key]: _left, ...without } = base;
        add(`${op} without "${key}"`, op, without);
        add(`${op} with "${key}": null (null is the field left out)`, op, { ...base, [key]: null });
      }
      for (const [how, value] of badValues(spec)) add(`${op} with "${key}" ${how} (${JSON.stringify(value)})`, op, { ...base, [key]: value });
    }
    add(`${op} with an unknown option set to true`, op, { ...base, [UNKNOWN]: true }, 'unsupported');
    const pair = (OP_SPEC[op] as { exactlyOne?: readonly string[] }).exactlyOne;
    if (pair !== undefined) {
      add(`${op} with both ${pair.join(' and ')}`, op, { ...base, data: 'x', bytes: 1 });
      const neither = Object.fromEntries(Object.entries(base).filter(([k]) => !pair.includes(k)));
      add(`${op} with neither ${pair.join(' nor ')}`, op, neither);
    }
  }
  for (const [name, spec] of Object.entries(SETOPT_NAMES)) {
    for (const [how, value] of badValues(spec as FieldSpec)) add(`setopt ${name} with a value ${how} (${JSON.stringify(value)})`, 'setopt', { sock: 'c', name, value });
  }
  add('setopt with a name no agent has', 'setopt', { sock: 'c', name: UNKNOWN, value: 1 }, 'unsupported');
  add('an op no agent has', UNKNOWN, { sock: 'c' });
  add('an op that is not a string', 5, { sock: 'c' });
  const unreadable = (what: string, text: string): void => {
    out.push({ what: `${what}: unreadable (REQUEST_RULES 1-2)`, text, id: null, want: 'fault' });
  };
  unreadable('a nested object', line(id++, 'recv', { sock: 'c', timeoutMs: 100, extra: { a: 1 } }));
  unreadable('a nested array', line(id++, 'recv', { sock: 'c', timeoutMs: 100, extra: [1] }));
  unreadable('a character above U+00FF', line(id++, 'send', { sock: 'c', data: '\u0100' }));
  for (const bad of [0, -1, 1.5, '7', 2 ** 53, null]) unreadable(`id ${JSON.stringify(bad)}`, JSON.stringify({ id: bad, op: 'recv', sock: 'c', timeoutMs: 100 }));
  return out;
};

const kindOf = (reply: Json): string =>
  'fault' in reply ? 'fault' : reply.ok === true ? 'ok' : 'unsupported' in reply ? 'unsupported' : 'error';

const parse = (text: string): Json | null => {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : null;
  } catch {
    return null;
  }
};

/** Sends one line and returns its reply, or a problem. */
const ask = async (agent: RawAgent, text: string): Promise<Json | string> => {
  const reply = parse((await agent.request(text, LINE_MS)).text);
  return reply ?? `the reply to ${text} is not a JSON object`;
};

/** The value of a request that must succeed, or a problem. */
const must = async (agent: RawAgent, id: number, op: string, fields: Json): Promise<Json | string> => {
  const reply = await ask(agent, line(id, op, fields));
  if (typeof reply === 'string') return reply;
  return reply.ok === true && isObject(reply.value) ? reply.value : `${op} ${JSON.stringify(fields)} wanted ok, found ${JSON.stringify(reply)}`;
};

/**
 * Runs every probe against one agent (its hello already read) and lists what went wrong: a reply
 * of the wrong kind or shape, and afterwards any sign that a probe changed something.
 */
export const probeAgent = async (agent: RawAgent): Promise<string[]> => {
  const problems: string[] = [];
  const listener = await must(agent, 1, 'listen', { as: 'l', host: HOST, port: 0 });
  if (typeof listener === 'string') return [listener];
  const port = listener.port as number;
  for (const [id, op, fields] of [[2, 'connect', { as: 'c', host: HOST, port, timeoutMs: 2000 }], [3, 'accept', { sock: 'l', as: 's', timeoutMs: 2000 }]] as const) {
    const value = await must(agent, id, op, fields);
    if (typeof value === 'string') return [value];
  }
  for (const probe of probes(port)) {
    const reply = await ask(agent, probe.text);
    if (typeof reply === 'string') {
      problems.push(`${probe.what}: ${reply}`);
      continue;
    }
    const shape = replyProblems(reply, probe.id);
    if (kindOf(reply) !== probe.want || shape.length > 0) {
      problems.push(`${probe.what}: wanted ${probe.want}${probe.id === null ? ' with id null' : ''}, found ${JSON.stringify(reply)}${shape.length > 0 ? ` (${shape.join('; ')})` : ''}`);
    }
  }
  // Nothing changed: the name no probe may take is free, and c <-> s still carries bytes.
  const after = await must(agent, 10, 'listen', { as: 'probe', host: HOST, port: 0 });
  if (typeof after === 'string') problems.push(`after the probes, "probe" must still be free: ${after}`);
  const sent = await must(agent, 11, 'send', { sock: 'c', data: 'ok' });
  if (typeof sent === 'string') problems.push(`after the probes, c must still send: ${sent}`);
  const read = await must(agent, 12, 'recvAll', { sock: 's', bytes: 2, timeoutMs: 2000 });
  if (typeof read === 'string' || read.data !== 'ok') problems.push(`after the probes, s must read what c sent: ${JSON.stringify(read)}`);
  return problems;
};
