// Checks a case file's declaration against the closed format of case-types.ts; every problem names its key.
import { OPS } from '../protocol/messages.ts';
import type { CaseDefinition } from './case-types.ts';

/** One problem with a case file: the key path, what was wanted, what was found. */
export interface CaseProblem {
  key: string;
  message: string;
}

type Check = (value: unknown, key: string, out: CaseProblem[]) => void;

const stringify = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // a BigInt or a cycle: shown with String() instead, never thrown
  }
};

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const shown = stringify(value);
  const text = shown === undefined ? String(value) : shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  return `\`${text}\` (${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value})`;
};

const want = (out: CaseProblem[], key: string, wanted: string, value: unknown): void => {
  out.push({ key, message: `Expected \`${key}\` to be ${wanted}, got ${describe(value)}` });
};

const join = (k: string, key: string): string => (k === '' ? key : `${k}.${key}`);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, k, out) => { if (typeof v !== 'string' || v.trim() === '') want(out, k, 'a non-empty string', v); };
const bool: Check = (v, k, out) => { if (typeof v !== 'boolean') want(out, k, 'a boolean', v); };
const posInt: Check = (v, k, out) => { if (!Number.isInteger(v) || (v as number) <= 0) want(out, k, 'a positive integer', v); };
const nonNegInt: Check = (v, k, out) => { if (!Number.isInteger(v) || (v as number) < 0) want(out, k, 'a non-negative integer', v); };
const oneOf = (...allowed: readonly unknown[]): Check => (v, k, out) => {
  if (!allowed.includes(v)) want(out, k, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v);
};
const listOf = (item: Check, nonEmpty = false): Check => (v, k, out) => {
  if (!Array.isArray(v) || (nonEmpty && v.length === 0)) return want(out, k, nonEmpty ? 'a non-empty array' : 'an array', v);
  v.forEach((x, i) => item(x, `${k}[${i}]`, out));
};
const strOrNull: Check = (v, k, out) => { if (v !== null) str(v, k, out); };
const numOrIsn: Check = (v, k, out) => { if (v !== 'isn+1' && !Number.isInteger(v)) want(out, k, "an integer or 'isn+1'", v); };

/** An object with a closed set of keys: unknown keys and missing required keys are problems. */
const shape = (required: Record<string, Check>, optional: Record<string, Check> = {}): Check => (v, k, out) => {
  if (!isObject(v)) return want(out, k || 'the default export', 'an object', v);
  for (const key of Object.keys(v)) {
    // hasOwn, not `in`: `constructor` or `toString` would otherwise pass as known keys.
    if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) {
      const known = [...Object.keys(required), ...Object.keys(optional)].join(', ');
      out.push({ key: join(k, key), message: `Unknown key \`${join(k, key)}\`; known keys: ${known}` });
    }
  }
  for (const [key, check] of Object.entries(required)) {
    if (v[key] === undefined) want(out, join(k, key), 'present', undefined);
    else check(v[key], join(k, key), out);
  }
  for (const [key, check] of Object.entries(optional)) if (v[key] !== undefined) check(v[key], join(k, key), out);
};
const recordOf = (item: Check): Check => (v, k, out) => {
  if (!isObject(v)) return want(out, k, 'an object', v);
  for (const [key, x] of Object.entries(v)) item(x, join(k, key), out);
};

const FLAGS = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as const;
const expectShape = shape({}, {
  ok: bool, error: strOrNull, errorName: str, synthesized: bool, eof: bool,
  data: (v, k, out) => { if (typeof v !== 'string') want(out, k, 'a string', v); }, state: str,
});
const agentStep = shape({ role: oneOf('server', 'client'), op: oneOf(...OPS) }, {
  as: str, sock: str, to: str, host: oneOf('127.0.0.1', '::1'), data: (v, k, out) => { if (typeof v !== 'string') want(out, k, 'a string', v); },
  bytes: posInt, max: posInt, how: oneOf('write', 'read', 'both'), name: str,
  value: (v, k, out) => { if (typeof v !== 'number' && typeof v !== 'boolean') want(out, k, 'a number or boolean', v); },
  label: str, expect: expectShape, timeoutMs: posInt,
});
const socketsStep = shape({
  role: oneOf('harness'), op: oneOf('sockets'),
  expect: (v, k, out) => {
    if (!isObject(v) || Object.keys(v).length !== 1) return want(out, k, "one of { connection: 'absent' }, { clientState }, { serverState }", v);
    shape({}, { connection: oneOf('absent'), clientState: str, serverState: str })(v, k, out);
  },
}, { label: str });
const step: Check = (v, k, out) => (isObject(v) && v.role === 'harness' ? socketsStep : agentStep)(v, k, out);

const pattern = shape({ from: oneOf('client', 'server') }, {
  flags: listOf(oneOf(...FLAGS), true), notFlags: listOf(oneOf(...FLAGS), true), seq: nonNegInt, ack: numOrIsn, data: bool,
});
const wireRule: Check = (v, k, out) => {
  const rule = isObject(v) ? v.rule : undefined;
  if (rule === 'present' || rule === 'absent') return shape({ rule: str, segment: pattern }, { why: str })(v, k, out);
  if (rule === 'sequence') return shape({ rule: str, segments: listOf(pattern, true) }, { why: str })(v, k, out);
  if (rule === 'silent-after') {
    return shape({ rule: str, after: pattern, role: oneOf('client', 'server'), quietMs: posInt }, { why: str })(v, k, out);
  }
  want(out, join(k, 'rule'), "one of 'present', 'absent', 'sequence', 'silent-after'", rule);
};
const roleOptions = shape({}, { server: recordOf(bool), client: recordOf(bool) });
const variant = shape({ name: str, description: str, runtimes: listOf(str, true), options: roleOptions });
const divergence = shape({ verified: bool, reason: str, source: str }, {
  runtime: str, variant: str, platform: oneOf('linux', 'darwin', 'win32', 'freebsd'),
  steps: recordOf(expectShape), wire: listOf(wireRule),
});
const caseShape = shape({ description: str, spec: listOf(str, true), steps: listOf(step, true) }, {
  tags: listOf(str), wire: listOf(wireRule), variants: listOf(variant), divergences: listOf(divergence),
  wrongPeer: shape({ role: oneOf('server', 'client'), mode: str, why: str }), stepTimeoutMs: posInt,
});

/** Labels must be unique and every divergence must name steps that exist and assert something. */
const crossCheck = (def: CaseDefinition, out: CaseProblem[]): void => {
  const labels = new Map<string, number>();
  def.steps.forEach((s, i) => {
    if (s.label === undefined) return;
    if (labels.has(s.label)) out.push({ key: `steps[${i}].label`, message: `Duplicate step label "${s.label}" (also steps[${labels.get(s.label)}])` });
    labels.set(s.label, i);
  });
  (def.divergences ?? []).forEach((d, i) => {
    if (d.runtime === undefined && d.platform === undefined) {
      out.push({ key: `divergences[${i}]`, message: `Expected \`divergences[${i}]\` to name a \`runtime\` or a \`platform\`` });
    }
    for (const label of Object.keys(d.steps ?? {})) {
      if (!labels.has(label)) out.push({ key: `divergences[${i}].steps.${label}`, message: `No step is labelled "${label}"; labels: ${[...labels.keys()].join(', ') || 'none'}` });
    }
    if (d.variant !== undefined && d.variant !== '*' && !(def.variants ?? []).some((v) => v.name === d.variant)) {
      out.push({ key: `divergences[${i}].variant`, message: `No variant is named "${d.variant}"` });
    }
  });
};

/** Validates an unknown value as a case definition; problems are returned, never thrown. */
export const validateCase = (value: unknown): { ok: true; def: CaseDefinition } | { ok: false; problems: CaseProblem[] } => {
  const problems: CaseProblem[] = [];
  caseShape(value, '', problems);
  if (problems.length === 0) crossCheck(value as CaseDefinition, problems);
  return problems.length === 0 ? { ok: true, def: value as CaseDefinition } : { ok: false, problems };
};
