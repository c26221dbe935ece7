// TAP 13 text for case results, read as it is by tap-parser (strict), prove (Test::Harness 3.44 and later), tap-out and tap-junit.
import type { CaseResult, Platform, RunReport } from '../result/case-result.ts';
import { formatSegment } from '../result/format-segment.ts';
import { endedCleanly, formatAgentEnd, formatStep } from './format-step.ts';
import { toYaml } from './yaml.ts';

/** Statuses that make a test point `not ok`: the ones that fail the run. */
const NOT_OK = new Set(['fail', 'unexpected-pass', 'error', 'crash', 'timeout']);

/**
 * Text safe on a test point line: no line breaks, control characters or lone surrogates, `\` and `#` escaped,
 * and no trailing `{` (tap-parser reads that as a buffered subtest; the fullwidth brace stands in).
 */
export const tapEscape = (s: string): string =>
  s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\p{Surrogate}/gu, '\ufffd')
    .trim()
    .replace(/\\/g, '\\\\')
    .replace(/#/g, '\\#')
    .replace(/\{$/, '\uff5b');

/**
 * The first line: version 13, since the stream uses nothing TAP 14 added (no subtests, no pragmas) and
 * Test::Harness before 3.48 (Debian 12 ships 3.44) rejects `TAP version 14`; TAP 14 harnesses read 13 as 14
 * (testanything.org, TAP 14 specification, "Version").
 */
export const tapHeader = (): string => 'TAP version 13\n';

/** The plan, written last because the runner streams points as cases finish. */
export const tapPlan = (n: number): string => `1..${n}\n`;

/** Free text as TAP comment lines, one `# ` line per input line. */
export const tapComment = (text: string): string =>
  text
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => `# ${line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, ' ').replace(/\p{Surrogate}/gu, '\ufffd')}`.trimEnd())
    .join('\n') + '\n';

/** One comment line recording where the run happened; a merged report has one per run, each with its label. */
export const tapPlatformComment = (p: Platform, label?: string): string =>
  tapComment(
    `platform${label === undefined ? '' : ` ${label}`}: ${p.os} ${p.release} ${p.arch}, node ${p.node}, isolation ${p.isolation}, ` +
      `capture ${p.capture}${p.captureReason ? ` (${p.captureReason})` : ''}`,
  );

/** A result's test point name; in a merged report the platform label makes it unique per cell: "... [node] (linux)". */
export const tapPointName = (r: { name: string; platform?: string }): string =>
  r.platform === undefined ? r.name : `${r.name} (${r.platform})`;

/** A load error's test point name, likewise with the labels of the runs that reported it. */
export const loadErrorName = (e: { file: string; platform?: string }): string =>
  `load ${e.file}${e.platform === undefined ? '' : ` (${e.platform})`}`;

/** The diagnostic for a failing or troubled result: wanted/found/at first, then the whole transcript. */
export const tapDiagnostic = (r: CaseResult): Record<string, unknown> => {
  const first = r.failures[0];
  const origin = r.capture.segments[0]?.time ?? 0;
  return {
    status: r.status,
    at: first?.at,
    wanted: first?.wanted,
    found: first?.found,
    failures: r.failures.length > 0 ? r.failures : undefined,
    reason: r.reason,
    source: r.source,
    steps: r.steps.map(formatStep),
    segments: r.capture.segments.length > 0 ? r.capture.segments.map((s) => formatSegment(s, origin)) : undefined,
    agents: r.agents.map((a) => ({
      ended: formatAgentEnd(a),
      stderr: !endedCleanly(a) && a.stderrTail !== '' ? a.stderrTail : undefined,
    })),
    capture: { status: r.capture.status, reason: r.capture.reason, pcap: r.capture.pcap },
    wire: { status: r.wire.status, reason: r.wire.reason },
    evidence: Object.keys(r.evidence ?? {}).length > 0 ? r.evidence : undefined,
    duration_ms: Math.round(r.durationMs * 1000) / 1000,
  };
};

/** A YAML block under a `not ok` point: indented 2 spaces between `---` and `...`. */
const yamlBlock = (diag: Record<string, unknown>): string => `  ---\n${toYaml(diag, '  ')}  ...\n`;

/**
 * Notes on an `ok` point as indented comment lines, not YAML: tap-out 2.1.0 (tap-spec 5, tap-summary 4) takes
 * every YAML block for the last failure's and throws when there is none (index.js, Parser.prototype._handleError).
 */
const notesComment = (notes: Record<string, unknown>): string =>
  toYaml(notes).split('\n').slice(0, -1).map((line) => `  # ${line}`.trimEnd()).join('\n') + '\n';

/** The test point for one result: ok, ok # SKIP, ok + divergence note (comments), or not ok + diagnostic (YAML). */
export const tapPoint = (n: number, r: CaseResult): string => {
  const name = tapEscape(tapPointName(r));
  if (r.status === 'skip') return `ok ${n} - ${name} # SKIP${r.reason ? ` ${tapEscape(r.reason)}` : ''}\n`;
  // A pass whose wire rules could not be checked says so: skipped, never silently passed.
  // Measured facts (counter deltas, retransmission times) show why it passed, too.
  const notes = {
    ...(r.wire.status === 'skipped' ? { wire: `not checked: ${r.wire.reason ?? 'no capture'}` } : {}),
    ...(Object.keys(r.evidence ?? {}).length > 0 ? { evidence: r.evidence } : {}),
  };
  if (r.status === 'divergence') {
    return `ok ${n} - ${name}\n${notesComment({ divergence: r.reason ?? '(no reason given)', source: r.source, ...notes })}`;
  }
  if (!NOT_OK.has(r.status)) return `ok ${n} - ${name}\n${Object.keys(notes).length > 0 ? notesComment(notes) : ''}`;
  return `not ok ${n} - ${name}\n${yamlBlock(tapDiagnostic(r))}`;
};

/** A case file that failed to load is a `not ok` point of its own, so it is never lost. */
export const tapLoadError = (n: number, e: { file: string; message: string; platform?: string }): string =>
  `not ok ${n} - ${tapEscape(loadErrorName(e))}\n${yamlBlock({ status: 'load-error', file: e.file, message: e.message, platform: e.platform })}`;

/** The whole results.tap: header, platform (one per merged run), a point per result, then per load error, then the plan. */
export const tapDocument = (report: RunReport): string => {
  const points = report.results.map((r, i) => tapPoint(i + 1, r));
  const loads = report.loadErrors.map((e, i) => tapLoadError(report.results.length + i + 1, e));
  return [
    tapHeader(),
    ...(report.platforms ?? []).map((o) => tapPlatformComment(o, `${o.label} [${o.columns.join(', ')}]`)),
    ...(report.platforms === undefined ? [tapPlatformComment(report.platform)] : []),
    ...points,
    ...loads,
    tapPlan(points.length + loads.length),
  ].join('');
};
