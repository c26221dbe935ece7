// The one plain line the CLI prints last (scripts may grep it).
import type { RunSummary } from '../result/case-result.ts';

/** Exactly `N passed, N failed, N skipped`. */
export const summaryLine = (summary: RunSummary): string =>
  `${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`;
