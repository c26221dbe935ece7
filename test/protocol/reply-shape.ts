// The reply shapes of harness/protocol/PROTOCOL.md (success values from op-spec.ts) as checks that list every problem they find.

import { OP_SPEC, type ValueKind as Kind } from '../../harness/protocol/op-spec.ts';

type Json = Record<string, unknown>;

/** One allowed shape of an op's success value: required and optional fields. */
interface Shape {
  required: Readonly<Record<string, Kind>>;
  optional?: Readonly<Record<string, Kind>>;
}

/** The success value of each op, from the spec (harness/protocol/op-spec.ts `value`). */
export const VALUE_SHAPES: Record<string, readonly Shape[]> = Object.fromEntries(Object.entries(OP_SPEC).map(([op, spec]) => [op, spec.value]));

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const holds = (kind: Kind, v: unknown): boolean => {
  switch (kind) {
    case 'port': return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;
    case 'count': return Number.isInteger(v) && (v as number) >= 0;
    case 'bytes': return typeof v === 'string' && /^[\x00-\xff]*$/.test(v);
    case 'true': return v === true;
    case 'boolean': return typeof v === 'boolean';
    case 'string': return typeof v === 'string';
  }
};

const extraKeys = (o: Json, allowed: string[]): string[] =>
  Object.keys(o).filter((k) => !allowed.includes(k)).map((k) => `unexpected field "${k}"`);

const typed = (o: Json, key: string, want: string, ok: (v: unknown) => boolean): string[] =>
  ok(o[key]) ? [] : [`"${key}" must be ${want}, found ${JSON.stringify(o[key]) ?? 'nothing'}`];

// `t.start` is the agent's wall clock, so a minute either way only catches a wrong unit or epoch.
const timingProblems = (t: unknown, now: number): string[] => {
  if (!isObject(t)) return [`"t" must be an object {start, ms}, found ${JSON.stringify(t) ?? 'nothing'}`];
  return [
    ...extraKeys(t, ['start', 'ms']).map((p) => `t: ${p}`),
    ...typed(t, 'start', `epoch ms within a minute of ${now}`, (v) => typeof v === 'number' && Math.abs(v - now) <= 60_000),
    ...typed(t, 'ms', 'a number >= 0', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0),
  ];
};

const errorProblems = (e: unknown): string[] => {
  if (!isObject(e)) return [`"error" must be an object, found ${JSON.stringify(e)}`];
  return [
    ...extraKeys(e, ['errno', 'name', 'synthesized', 'syscall', 'message', 'timeout']).map((p) => `error: ${p}`),
    ...typed(e, 'errno', 'a string or null', (v) => typeof v === 'string' || v === null),
    ...typed(e, 'name', 'a string', (v) => typeof v === 'string' && v !== ''),
    ...typed(e, 'synthesized', 'a boolean', (v) => typeof v === 'boolean'),
    ...typed(e, 'syscall', 'a string or null', (v) => typeof v === 'string' || v === null),
    ...typed(e, 'message', 'a string', (v) => typeof v === 'string'),
    ...('timeout' in e ? typed(e, 'timeout', 'a boolean', (v) => typeof v === 'boolean') : []),
  ].map((p) => (p.startsWith('error: ') ? p : `error.${p}`));
};

/** Problems with `reply` as the answer to request `id` (null: a line the agent could not read). */
export const replyProblems = (reply: Json, id: number | null, now = Date.now()): string[] => {
  const problems = reply.id === id ? [] : [`"id" must echo ${JSON.stringify(id)}, found ${JSON.stringify(reply.id) ?? 'nothing'}`];
  if ('fault' in reply) {
    return [...problems, ...extraKeys(reply, ['id', 'fault']), ...typed(reply, 'fault', 'a non-empty string', (v) => typeof v === 'string' && v !== '')];
  }
  if (typeof reply.ok !== 'boolean') return [...problems, `"ok" must be a boolean, found ${JSON.stringify(reply.ok) ?? 'nothing'}`];
  if (reply.ok) {
    return [...problems, ...extraKeys(reply, ['id', 'ok', 'value', 't']),
      ...typed(reply, 'value', 'an object', isObject), ...timingProblems(reply.t, now)];
  }
  if ('unsupported' in reply === 'error' in reply) return [...problems, 'a reply with ok: false has exactly one of "error" and "unsupported"'];
  if ('unsupported' in reply) {
    return [...problems, ...extraKeys(reply, ['id', 'ok', 'unsupported', 't']),
      ...typed(reply, 'unsupported', 'a non-empty string', (v) => typeof v === 'string' && v !== ''),
      ...('t' in reply ? timingProblems(reply.t, now) : [])];
  }
  return [...problems, ...extraKeys(reply, ['id', 'ok', 'error', 't']), ...errorProblems(reply.error), ...timingProblems(reply.t, now)];
};

/** Problems with `value` as the success value of `op` ([] when one of its documented shapes fits). */
export const valueProblems = (op: string, value: Json): string[] => {
  const shapes = VALUE_SHAPES[op];
  if (shapes === undefined) return [`no documented value for op "${op}"`];
  const misfits = shapes.map((shape) => {
    const kinds = { ...shape.required, ...shape.optional };
    const problems = [
      ...Object.keys(shape.required).filter((k) => !(k in value)).map((k) => `missing "${k}"`),
      ...extraKeys(value, Object.keys(kinds)),
      ...Object.entries(kinds).filter(([k, kind]) => k in value && !holds(kind, value[k]))
        .map(([k, kind]) => `"${k}" must be ${kind}, found ${JSON.stringify(value[k])}`),
    ];
    if (typeof value.data === 'string' && value.bytes !== value.data.length) problems.push(`"bytes" (${String(value.bytes)}) must count the ${value.data.length} bytes of "data"`);
    return problems;
  });
  if (misfits.some((p) => p.length === 0)) return [];
  return [`${JSON.stringify(value)} fits no documented ${op} value (${misfits.map((p) => p.join(', ')).join('; or ')})`];
};
