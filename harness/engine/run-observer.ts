// What the engine tells about a run as it happens; the outputs (reporters) implement it, so the engine never imports them.
import type { CaseResult, Platform, RunReport } from '../result/case-result.ts';

/** Told about a run as it happens. */
export interface RunObserver {
  start(info: { total: number; platform: Platform }): void;
  /** A case run began (optional: an observer that only shows results need not care). */
  caseStarted?(job: CaseStart): void;
  /** `index` is the result's 0-based position in the run, in the order results finish. */
  result(r: CaseResult, index: number): void;
  end(report: RunReport): void;
}

/** A case run as it begins: the fields its CaseResult will carry. */
export interface CaseStart {
  id: string;
  /** The runtime column ("node", "c:node", "node@22.23.3"). */
  runtime: string;
  variant: string | null;
}
