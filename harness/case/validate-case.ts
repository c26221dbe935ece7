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
const role = oneOf('server', 'client');
const agentStep = shape({ role, op: oneOf(...OPS) }, {
  as: str, sock: str, to: str, host: oneOf('127.0.0.1', '::1'), portOf: str, bindPortOf: str,
  options: shape({}, { reuseAddr: bool, blocking: bool }),
  data: (v, k, out) => { if (typeof v !== 'string') want(out, k, 'a string', v); },
  bytes: posInt, max: posInt, how: oneOf('write', 'read', 'both'), name: str,
  value: (v, k, out) => { if (typeof v !== 'number' && typeof v !== 'boolean') want(out, k, 'a number or boolean', v); },
  label: str, expect: expectShape, timeoutMs: posInt,
});
const pattern = shape({ from: role }, {
  flags: listOf(oneOf(...FLAGS), true), notFlags: listOf(oneOf(...FLAGS), true),
  seq: (v, k, out) => { if (v !== 'acked') nonNegInt(v, k, out); }, ack: numOrIsn, data: bool,
});
const counterName: Check = (v, k, out) => { if (typeof v !== 'string' || !/^[A-Za-z0-9]+$/.test(v)) want(out, k, 'a counter name such as TcpExtTCPChallengeACK', v); };
const integer: Check = (v, k, out) => { if (!Number.isInteger(v)) want(out, k, 'an integer', v); };
/** Each harness op has its own closed shape. */
const HARNESS_STEPS: Record<string, Check> = {
  sockets: shape({
    role: str, op: str,
    expect: (v, k, out) => {
      if (!isObject(v) || Object.keys(v).length !== 1) return want(out, k, "one of { connection: 'absent' }, { clientState }, { serverState }", v);
      shape({}, { connection: oneOf('absent'), clientState: str, serverState: str })(v, k, out);
    },
  }, { label: str }),
  firewall: shape({ role: str, op: str, host: role, chain: oneOf('input', 'output'), match: oneOf('syn', 'tcp'), action: oneOf('drop', 'reject-tcp-reset', 'reject-host-unreachable') }, { label: str, portOf: str }),
  link: shape({ role: str, op: str, host: role, state: oneOf('down', 'up') }, { label: str }),
  kill: shape({ role: str, op: str, target: role }, { label: str }),
  restart: shape({ role: str, op: str, target: role }, { label: str }),
  freeze: shape({ role: str, op: str, target: role }, { label: str }),
  thaw: shape({ role: str, op: str, target: role }, { label: str }),
  inject: shape({ role: str, op: str, to: role, flags: listOf(oneOf(...FLAGS), true), offset: integer }, { label: str }),
  counters: shape({ role: str, op: str, host: role, names: listOf(counterName, true) }, { label: str, expect: shape({ delta: recordOf(integer) }) }),
  await: shape({ role: str, op: str, segment: pattern }, { label: str, timeoutMs: posInt }),
};
const harnessStep: Check = (v, k, out) => {
  const op = isObject(v) ? v.op : undefined;
  const check = typeof op === 'string' && Object.hasOwn(HARNESS_STEPS, op) ? HARNESS_STEPS[op] : undefined;
  if (check === undefined) return want(out, join(k, 'op'), `one of the harness ops ${Object.keys(HARNESS_STEPS).join(', ')}`, op);
  check(v, k, out);
};
const step: Check = (v, k, out) => (isObject(v) && v.role === 'harness' ? harnessStep : agentStep)(v, k, out);

const wireRule: Check = (v, k, out) => {
  const rule = isObject(v) ? v.rule : undefined;
  if (rule === 'present' || rule === 'absent') return shape({ rule: str, segment: pattern }, { why: str })(v, k, out);
  if (rule === 'sequence') return shape({ rule: str, segments: listOf(pattern, true) }, { why: str })(v, k, out);
  if (rule === 'silent-after') {
    return shape({ rule: str, after: pattern, role, quietMs: posInt }, { why: str })(v, k, out);
  }
  if (rule === 'count') return shape({ rule: str, segment: pattern }, { min: nonNegInt, max: nonNegInt, why: str })(v, k, out);
  want(out, join(k, 'rule'), "one of 'present', 'absent', 'sequence', 'silent-after', 'count'", rule);
};
const roleOptions = shape({}, { server: recordOf(bool), client: recordOf(bool) });
const variant = shape({ name: str, description: str, runtimes: listOf(str, true), options: roleOptions });
const divergence = shape({ verified: bool, reason: str, source: str }, {
  runtime: str, variant: str, platform: oneOf('linux', 'darwin', 'win32', 'freebsd'),
  steps: recordOf(expectShape), wire: listOf(wireRule),
});
// Only TCP/IP keys, as dotted names: a key becomes a /proc/sys path inside the case's namespace.
const sysctlKey = /^net\.(ipv4|ipv6|core)\.[a-z0-9_]+(\.[a-z0-9_]+)*$/;
const sysctls: Check = (v, k, out) => {
  if (!isObject(v)) return want(out, k, 'an object of sysctl names to integers', v);
  for (const [key, value] of Object.entries(v)) {
    if (!sysctlKey.test(key)) out.push({ key: join(k, key), message: `Expected \`${join(k, key)}\` to be a net.ipv4/net.ipv6/net.core sysctl name` });
    else integer(value, join(k, key), out);
  }
};
const caseShape = shape({ description: str, spec: listOf(str, true), steps: listOf(step, true) }, {
  tags: listOf(str), topology: oneOf('loopback', 'two-hosts'), sysctls, wire: listOf(wireRule), variants: listOf(variant), divergences: listOf(divergence),
  wrongPeer: shape({ role: oneOf('server', 'client'), mode: str, why: str }), wrongNetwork: shape({ skipStep: str, why: str }), stepTimeoutMs: posInt,
});

/** Labels must be unique and every divergence must name steps that exist and assert something. */
const crossCheck = (def: CaseDefinition, out: CaseProblem[]): void => {
  const labels = new Map<string, number>();
  def.steps.forEach((s, i) => {
    if (s.label === undefined) return;
    if (labels.has(s.label)) out.push({ key: `steps[${i}].label`, message: `Duplicate step label "${s.label}" (also steps[${labels.get(s.label)}])` });
    labels.set(s.label, i);
  });
  if (def.wrongNetwork !== undefined && !labels.has(def.wrongNetwork.skipStep)) {
    out.push({ key: 'wrongNetwork.skipStep', message: `No step is labelled "${def.wrongNetwork.skipStep}"; labels: ${[...labels.keys()].join(', ') || 'none'}` });
  }
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
