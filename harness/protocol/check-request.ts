// One request line checked against op-spec.ts, in REQUEST_RULES' order: what every TypeScript agent
// does before its op runs. Portable (no node: imports): it runs inside Node, Deno and Bun.
import { fieldsOf, MAX_NAME_LENGTH, OP_SPEC, SETOPT_NAMES, type FieldSpec, type Op } from './op-spec.ts';

type Scalar = string | number | boolean;

/** A line that passed: its id, op and fields (nulls dropped, defaults filled in), and which fields it gave. */
export interface Passed {
  id: number;
  op: Op;
  fields: Record<string, Scalar>;
  given: ReadonlySet<string>;
}

/** The verdict on one line: run it, or reply a fault (id null when unreadable) or unsupported. */
export type Checked = { run: Passed } | { fault: string; id: number | null } | { unsupported: string; id: number };

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

// printable ASCII, so a name travels in every reply and log unescaped and fits the C agent's slot.
const NAME = new RegExp(`^[\\x20-\\x7e]{1,${MAX_NAME_LENGTH}}$`);
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]+$/;

/** Why `value` is not a valid `spec` value (null: it is). */
export const fieldProblem = (key: string, spec: FieldSpec, value: Scalar): string | null => {
  const wanted = (what: string): string => `field "${key}" must be ${what}, got ${show(value)}`;
  switch (spec.type) {
    case 'name':
      return typeof value === 'string' && NAME.test(value) ? null : wanted(`a socket name (1-${MAX_NAME_LENGTH} printable ASCII characters)`);
    case 'host':
      return typeof value === 'string' && (IPV4.test(value) || (IPV6.test(value) && value.includes(':'))) ? null : wanted('a numeric IPv4 or IPv6 address');
    case 'bytes':
      return typeof value === 'string' ? null : wanted('a string of bytes');
    case 'string':
      return typeof value === 'string' ? null : wanted('a string');
    case 'bool':
      return typeof value === 'boolean' ? null : wanted('a boolean');
    case 'enum':
      return typeof value === 'string' && (spec.values ?? []).includes(value) ? null : wanted(`one of ${(spec.values ?? []).map(show).join(', ')}`);
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= (spec.min ?? 0) && value <= (spec.max ?? Number.MAX_SAFE_INTEGER)
        ? null : wanted(`an integer in [${spec.min ?? 0}, ${spec.max ?? Number.MAX_SAFE_INTEGER}]`);
    case 'optionValue':
      return typeof value === 'number' || typeof value === 'boolean' ? null : wanted('a number or a boolean');
  }
};

// Rule 1: one flat JSON object of scalars, its strings bytes.
const parseLine = (line: string): Record<string, unknown> | string => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    return `malformed JSON: ${(err as Error).message}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'a request must be a JSON object';
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'object' && value !== null) return `malformed request: nested value in "${key}" (requests are flat)`;
    if (/[^\x00-\xff]/.test(key) || (typeof value === 'string' && /[^\x00-\xff]/.test(value))) {
      return `malformed request: "${key}" holds a character above U+00FF (strings are latin1 bytes)`;
    }
  }
  return parsed as Record<string, unknown>;
};

/** The fields of a request whose op is known, checked (rules 4-6); `names` is the agent's socket map. */
export const checkFields = (op: Op, raw: Record<string, unknown>, names: { has(name: string): boolean }, who: string): { ok: Record<string, Scalar>; given: Set<string> } | { fault: string } | { unsupported: string } => {
  const spec = fieldsOf(op);
  const unknown = Object.keys(raw).find((k) => k !== 'id' && k !== 'op' && !(k in spec) && raw[k] === true);
  if (unknown !== undefined) return { unsupported: `the ${who} agent does not know the option "${unknown}"` };
  const fields: Record<string, Scalar> = {};
  const given = new Set<string>();
  for (const [key, field] of Object.entries(spec)) {
    const value = raw[key];
    if (value === undefined || value === null) {
      if (field.required === true) return { fault: `missing field "${key}"` };
      if (field.default !== undefined) fields[key] = field.default;
      continue;
    }
    const problem = fieldProblem(key, field, value as Scalar);
    if (problem !== null) return { fault: problem };
    if (field.socket === 'existing' && !names.has(value as string)) return { fault: `unknown socket ${show(value)}` };
    if (field.socket === 'new' && names.has(value as string)) return { fault: `socket name ${show(value)} is already in use` };
    fields[key] = value as Scalar;
    given.add(key);
  }
  const pair = (OP_SPEC[op] as { exactlyOne?: readonly string[] }).exactlyOne;
  if (pair !== undefined && pair.filter((k) => given.has(k)).length !== 1) return { fault: `give exactly one of ${pair.map(show).join(' and ')}` };
  if (op === 'setopt') {
    const option = (SETOPT_NAMES as Record<string, FieldSpec>)[fields['name'] as string];
    const problem = option === undefined ? null : fieldProblem('value', option, fields['value'] as Scalar);
    if (problem !== null) return { fault: `${problem} (setopt ${show(fields['name'])})` };
  }
  return { ok: fields, given };
};

/** One request line against REQUEST_RULES; `who` names the agent in an unsupported reply. */
export const checkRequest = (line: string, names: { has(name: string): boolean }, who: string): Checked => {
  const raw = parseLine(line);
  if (typeof raw === 'string') return { fault: raw, id: null };
  const id = raw['id'];
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return { fault: `"id" must be a positive integer, got ${show(id)}`, id: null };
  const op = raw['op'];
  if (typeof op !== 'string' || !Object.hasOwn(OP_SPEC, op)) return { fault: `unknown op ${show(op)}`, id };
  const checked = checkFields(op as Op, raw, names, who);
  if ('fault' in checked) return { fault: checked.fault, id };
  if ('unsupported' in checked) return { unsupported: checked.unsupported, id };
  return { run: { id, op: op as Op, fields: checked.ok, given: checked.given } };
};
