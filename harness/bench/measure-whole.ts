// The whole default run (every case, slow ones too, every runtime, both families) beside its floor: max(the longest run alone, the fast run).
import type { LoadedCase } from '../case/case-types.ts';
import type { RuntimeAdapter } from '../adapters/adapter.ts';
import type { RunObserver } from '../engine/run-observer.ts';
import type { CaseResult } from '../result/case-result.ts';
import { runSuite } from '../engine/run-suite.ts';
import { runtimeColumn, type CaseJob } from '../engine/case-job.ts';
import { FAMILIES, familyOf } from '../case/family.ts';
import { sockspecVersion } from '../toolchain/project-root.ts';

const silent: RunObserver = { start: () => undefined, result: () => undefined, end: () => undefined };

/** One suite run's wall time less its set-up, and what each run in it came to. */
export interface SuiteTiming {
  casesMs: number;
  outcome: string;
  statuses: Map<string, string>;
  results: CaseResult[];
}

/** One round: the full run as scheduled now and as before issue 15 (--timer-jobs 0 --agents-ahead 0), the fast run, and the full run's longest run alone. */
export interface WholeRound {
  full: SuiteTiming;
  held: SuiteTiming;
  fast: SuiteTiming;
  longest: { name: string; inFullMs: number; aloneMs: number };
}

export interface WholeOptions {
  cases: LoadedCase[];
  adapters: RuntimeAdapter[];
  runtimes: string[];
  cacheDir: string;
  jobs: number;
}

const isSlow = (k: LoadedCase): boolean => (k.tags ?? []).includes('slow');

/** A run as `npx sockspec` makes it (its default limits, isolation, both families), silent. */
const suite = async (o: WholeOptions, cases: LoadedCase[], extra: { timerJobs?: number; agentsAhead?: number; only?: (job: CaseJob) => boolean } = {}): Promise<SuiteTiming> => {
  const run = await runSuite({
    version: sockspecVersion(), cases, loadErrors: [], adapters: o.adapters, pairs: o.runtimes.map((n): [string, string] => [n, n]),
    families: [...FAMILIES], cacheDir: o.cacheDir, jobs: o.jobs, stepTimeoutMs: 2000, caseTimeoutMs: 15000, isolate: true, reporter: silent, ...extra,
  });
  const s = run.report.summary;
  return {
    casesMs: run.timings.casesMs, outcome: `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`,
    statuses: new Map(run.report.results.map((r) => [r.name, r.status])), results: run.report.results,
  };
};

/** One round, the runs one after another so a noisy moment hits them alike. */
export const measureWholeRound = async (o: WholeOptions): Promise<WholeRound> => {
  const full = await suite(o, o.cases);
  // Before #15: timer-bound runs hold their slot, every case starts its own agents.
  const held = await suite(o, o.cases, { timerJobs: 0, agentsAhead: 0 });
  const fast = await suite(o, o.cases.filter((c) => !isSlow(c)));
  // The floor's other half: no schedule ends before its longest run does, measured alone. Beside
  // others a run takes longer than alone (a loaded machine), so the full run's 3 longest are each timed.
  const longest = [...full.results].sort((a, b) => b.durationMs - a.durationMs).slice(0, LONGEST_TIMED);
  const alone: WholeRound['longest'][] = [];
  for (const r of longest) {
    const timed = await suite(o, [o.cases.find((c) => c.id === r.id)!], {
      only: (job) => runtimeColumn(job) === r.runtime && (job.variant?.name ?? null) === r.variant && job.family === familyOf(r),
    });
    alone.push({ name: r.name, inFullMs: r.durationMs, aloneMs: timed.casesMs });
  }
  return { full, held, fast, longest: alone.reduce((a, b) => (b.aloneMs > a.aloneMs ? b : a)) };
};

const LONGEST_TIMED = 3;

/** Point names whose status differs from the first run's: an outcome the schedule changed (or a flaky one). */
export const changedOutcomes = (runs: SuiteTiming[]): string[] => {
  const [first, ...rest] = runs;
  if (first === undefined) return [];
  const changed = new Set<string>();
  for (const run of rest) {
    for (const [name, status] of run.statuses) if (first.statuses.get(name) !== status) changed.add(`${name}: ${first.statuses.get(name) ?? 'absent'} / ${status}`);
  }
  return [...changed];
};
