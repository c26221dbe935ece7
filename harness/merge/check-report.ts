// Is this parsed JSON a results file (RunReport) the writers can render? Each problem names the key, what was wanted and what was found.
import { isObject, join, oneOf, want, type CaseProblem, type Check } from '../case/shape-checks.ts';
import { OUTCOMES, TROUBLES } from '../result/case-result.ts';
import { FAMILIES } from '../case/family.ts';

// Open shapes: a newer sockspec may add keys, so only the keys merging and the writers read are checked.
const fields = (required: Record<string, Check>, optional: Record<string, Check> = {}): Check => (v, k, out) => {
  if (!isObject(v)) return want(out, k || 'the file', 'an object', v);
  for (const [key, check] of Object.entries(required)) {
    if (v[key] === undefined) want(out, join(k, key), 'present', undefined);
    else check(v[key], join(k, key), out);
  }
  for (const [key, check] of Object.entries(optional)) if (v[key] !== undefined) check(v[key], join(k, key), out);
};
const text: Check = (v, k, out) => { if (typeof v !== 'string') want(out, k, 'a string', v); };
// A run's start, which a merge places on one time line with the others' (merge-reports.ts runSpan).
const time: Check = (v, k, out) => { if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) want(out, k, 'an ISO 8601 time (2025-01-02T03:04:05.678Z)', v); };
const textOrNull: Check = (v, k, out) => { if (v !== null && typeof v !== 'string') want(out, k, 'a string or null', v); };
const num: Check = (v, k, out) => { if (typeof v !== 'number' || !Number.isFinite(v)) want(out, k, 'a number', v); };
const numOrNull: Check = (v, k, out) => { if (v !== null) num(v, k, out); };
const flag: Check = (v, k, out) => { if (typeof v !== 'boolean') want(out, k, 'a boolean', v); };
const flagOrNull: Check = (v, k, out) => { if (v !== null) flag(v, k, out); };
const object: Check = (v, k, out) => { if (!isObject(v)) want(out, k, 'an object', v); };
const list = (item: Check): Check => (v, k, out) => {
  if (!Array.isArray(v)) return want(out, k, 'an array', v);
  v.forEach((x, i) => item(x, `${k}[${i}]`, out));
};

const platform = { os: text, release: text, arch: text, node: text, isolation: oneOf('netns', 'none'), capture: oneOf('available', 'unavailable') };
const runtime = fields({ name: text, available: flag }, { version: textOrNull, reason: text, executable: text });
const summary = fields({ passed: num, failed: num, skipped: num, divergences: num, durationMs: num });

const segment = fields(
  { time: num, from: text, src: text, dst: text, flags: list(text), seq: num, ack: num, relSeq: num, relAck: num, win: num, len: num },
  // Older results files have none of these.
  { options: list(fields({ kind: num, name: text })), winScale: num, winBytes: num, injected: flag },
);
const step = fields(
  { index: num, label: text, role: text, op: text, request: object, ok: flagOrNull },
  { value: object, error: fields({ name: text, message: text }, { errno: textOrNull, syscall: textOrNull }), unsupported: text, t: fields({ ms: num }), wanted: text },
);
const result = fields({
  id: text, runtime: text, name: text, status: oneOf(...OUTCOMES, ...TROUBLES), expected: flag, durationMs: num,
  steps: list(step), failures: list(fields({ at: text, wanted: text, found: text })),
  agents: list(fields({ role: text, runtime: text, pid: numOrNull, how: oneOf('exited', 'terminated', 'killed', 'crashed', 'never-started', 'killed-by-step'), exitCode: numOrNull, signal: textOrNull, stderrTail: text })),
  capture: fields({ status: oneOf('captured', 'skipped'), segments: list(segment) }, { reason: text, pcap: text }),
  wire: fields({ status: oneOf('checked', 'skipped', 'none') }, { reason: text }),
}, { variant: textOrNull, family: oneOf(...FAMILIES), net: text, runtimeVersion: textOrNull, reason: text, source: text, evidence: object, platform: text });
const origin = fields({ ...platform, label: text, source: text, sockspec: text, startedAt: time, runtimes: list(runtime), columns: list(text), summary });

const report = fields(
  { sockspec: text, startedAt: time, platform: fields(platform, { captureReason: text }), runtimes: list(runtime), summary, results: list(result) },
  // Older results files have no `cases`; a file from a single run has no `platforms`.
  { cases: list(fields({ id: text })), loadErrors: list(fields({ file: text, message: text }, { platform: text })), platforms: list(origin), families: list(oneOf(...FAMILIES)), nets: list(text) },
);

/** A merged report's results each name one of its runs. */
const labelsKnown = (v: Record<string, unknown>, out: CaseProblem[]): void => {
  if (!Array.isArray(v.platforms) || !Array.isArray(v.results)) return;
  const labels = new Set(v.platforms.map((o: { label?: unknown }) => o.label));
  v.results.forEach((r: { platform?: unknown }, i) => {
    if (!labels.has(r.platform)) want(out, `results[${i}].platform`, `one of the labels in \`platforms\` (${[...labels].join(', ')})`, r.platform);
  });
};

/** Every problem that keeps `value` from being read as a RunReport; none means it is one. */
export const reportProblems = (value: unknown): string[] => {
  const out: CaseProblem[] = [];
  report(value, '', out);
  if (out.length === 0 && isObject(value)) labelsKnown(value, out);
  return out.map((p) => p.message);
};
