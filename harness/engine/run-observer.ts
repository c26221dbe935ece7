// What the engine tells about a run as it happens; the outputs (reporters) implement it, so the engine never imports them.
import type { CaseResult, Platform, RunReport } from '../result/case-result.ts';
import type { Family } from '../case/family.ts';

/** Told about a run as it happens. */
export interface RunObserver {
  /** Before the first case, as setup goes (optional): a cold agent build can take a minute, which must not look like a hang. */
  preparing?(setup: Setup): void;
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
  family: Family;
  /** The net (--net); absent: kernel. */
  net?: string;
}

/**
 * Where setup is: the CLI reading cases and expectations (`loading`), the machine's abilities being
 * probed (`probing`), each runtime found and its agent built (`runtimes`), or setup given up without
 * a run (`stopped`: a usage error; nothing more comes, and a live line is taken away).
 */
export interface Setup {
  phase: 'loading' | 'probing' | 'runtimes' | 'stopped';
  /** In the `runtimes` phase: the runtimes asked for, those ready, those still preparing, and the builds under way. */
  runtimes?: { total: number; ready: number; waiting: string[]; building: string[] };
}
