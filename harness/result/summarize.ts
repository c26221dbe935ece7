// A run's counts from its results: what every report and the closing line agree on.
import type { CaseResult, RunSummary, Status } from './case-result.ts';

const PASSED: ReadonlySet<Status> = new Set(['pass', 'divergence']);
const FAILED: ReadonlySet<Status> = new Set(['fail', 'unexpected-pass', 'error', 'crash', 'timeout']);

/** A documented divergence counts as passed (and is also counted on its own); trouble counts as failed. */
export const summarize = (results: CaseResult[], durationMs: number): RunSummary => ({
  passed: results.filter((r) => PASSED.has(r.status)).length,
  failed: results.filter((r) => FAILED.has(r.status)).length,
  skipped: results.filter((r) => r.status === 'skip').length,
  divergences: results.filter((r) => r.status === 'divergence').length,
  durationMs,
});
