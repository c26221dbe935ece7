// Checks a case file's declaration against the closed format of case-types.ts; every problem names its key.
import { OPS } from '../protocol/messages.ts';
import type { CaseDefinition } from './case-types.ts';
import { bool, isObject, join, listOf, nonNegInt, oneOf, posInt, recordOf, shape, str, strOrNull, want, type CaseProblem, type Check } from './shape-checks.ts';

export type { CaseProblem } from './shape-checks.ts';

const numOrIsn: Check = (v, k, out) => { if (v !== 'isn+1' && !Number.isInteger(v)) want(out, k, "an integer or 'isn+1'", v); };

const FLAGS = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as const;
export const expectShape = shape({}, {
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

export const wireRule: Check = (v, k, out) => {
  const rule = isObject(v) ? v.rule : undefined;
  if (rule === 'present' || rule === 'absent') return shape({ rule: str, segment: pattern }, { why: str })(v, k, out);
  if (rule === 'sequence') return shape({ rule: str, segments: listOf(pattern, true) }, { why: str })(v, k, out);
  if (rule === 'silent-after') {
    return shape({ rule: str, after: pattern, role, quietMs: posInt }, { why: str })(v, k, out);
  }
  if (rule === 'count') return shape({ rule: str, segment: pattern }, { min: nonNegInt, max: nonNegInt, why: str })(v, k, out);
  want(out, join(k, 'rule'), "one of 'present', 'absent', 'sequence', 'silent-after', 'count'", rule);
};
export const roleOptions = shape({}, { server: recordOf(bool), client: recordOf(bool) });
export const platform = oneOf('linux', 'darwin', 'win32', 'freebsd');
/** A case file's divergences are platform notes; a runtime's live in runtimes/<name>/expectations.ts. */
const divergence = shape({ platform, verified: bool, reason: str, source: str }, { steps: recordOf(expectShape), wire: listOf(wireRule) });
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
  tags: listOf(str), topology: oneOf('loopback', 'two-hosts'), sysctls, wire: listOf(wireRule), divergences: listOf(divergence),
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
  (def.divergences ?? []).forEach((d, i) => out.push(...unknownLabels(d.steps, labels, `divergences[${i}]`)));
};

/** Problems for each key of `steps` (label → expectation) that names no step of the case. */
export const unknownLabels = (steps: Record<string, unknown> | undefined, labels: Map<string, number> | Set<string>, key: string): CaseProblem[] =>
  Object.keys(steps ?? {}).filter((label) => !labels.has(label)).map((label) => ({
    key: `${key}.steps.${label}`, message: `No step is labelled "${label}"; labels: ${[...labels.keys()].join(', ') || 'none'}`,
  }));

/** Validates an unknown value as a case definition; problems are returned, never thrown. */
export const validateCase = (value: unknown): { ok: true; def: CaseDefinition } | { ok: false; problems: CaseProblem[] } => {
  const problems: CaseProblem[] = [];
  caseShape(value, '', problems);
  // The keys a runtime's layer used to take here: say where they belong now.
  for (const p of problems) {
    if (/^(variants|divergences\[\d+\]\.(runtime|role|variant))$/.test(p.key)) {
      p.message += "; a runtime's variants and divergences live in runtimes/<name>/expectations.ts (a case file's divergences are platform notes)";
    }
  }
  if (problems.length === 0) crossCheck(value as CaseDefinition, problems);
  return problems.length === 0 ? { ok: true, def: value as CaseDefinition } : { ok: false, problems };
};
