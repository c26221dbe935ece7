// The run's counts, and the one plain line the CLI prints last (scripts may grep it).
import type { CaseResult, RunSummary, Status } from '../result/case-result.ts';

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

/** Exactly `N passed, N failed, N skipped`. */
export const summaryLine = (summary: RunSummary): string =>
  `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`;
