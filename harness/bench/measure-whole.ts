// The whole default run (every case, slow ones too, every runtime, both families) beside its floor: max(the longest run alone, the fast run).
import type { LoadedCase } from '../case/case-types.ts';
import type { RuntimeAdapter } from '../adapters/adapter.ts';
import type { RunObserver } from '../engine/run-observer.ts';
import type { CaseResult } from '../result/case-result.ts';
import { runSuite, type SuiteOutcome } from '../engine/run-suite.ts';
import { runtimeColumn, type CaseJob } from '../engine/case-job.ts';
import { FAMILIES, familyOf } from '../case/family.ts';
import { sockspecVersion } from '../toolchain/project-root.ts';

/** One suite run's wall time less its set-up, what each run in it came to, and when the last of each kind ended. */
export interface SuiteTiming {
  casesMs: number;
  outcome: string;
  statuses: Map<string, string>;
  results: CaseResult[];
  /** Ms from the first case's start to the last result of a slow case (a kernel timer's length) and of any other; null: none ran. */
  lastSlowMs: number | null;
  lastOtherMs: number | null;
}

/** One round: the full run, the fast run, the full run's longest run alone; the full run as before issue 15 when asked for. */
export interface WholeRound {
  full: SuiteTiming;
  held: SuiteTiming | null;
  fast: SuiteTiming;
  longest: { name: string; inFullMs: number; aloneMs: number };
}

/** A round that ended at its bound: the run it was in, and whether that run still ended (a run that did not may hold agents: measure no more). */
export interface UnfinishedRound {
  unfinished: string;
  stuck: boolean;
}

export interface WholeOptions {
  cases: LoadedCase[];
  adapters: RuntimeAdapter[];
  runtimes: string[];
  cacheDir: string;
  jobs: number;
  /** Also the full run as scheduled before issue 15 (--timer-jobs 0 --agents-ahead 0): the round's longest part by far. */
  held: boolean;
  /** The fast run before the full one (alternate it round by round, so a machine getting busier hits both alike). */
  fastFirst: boolean;
  /** The round's bound: past it the run under way is stopped (no new cases), and the round reports what it did. */
  boundMs: number;
  /** A line as each run of the round ends, so a long round shows where it is. */
  log: (line: string) => void;
}

const isSlow = (k: LoadedCase): boolean => (k.tags ?? []).includes('slow');
const LONGEST_TIMED = 3;
/** After the bound, a stopped run ends once its running cases do (each within --timeout, 15 s): past this it is stuck. */
const STOP_GRACE_MS = 60_000;
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A run as `npx sockspec` makes it (its default limits, isolation, both families), silent; null: it did not end within the grace after `signal`. */
const suite = async (o: WholeOptions, signal: AbortSignal, cases: LoadedCase[], extra: { timerJobs?: number; agentsAhead?: number; only?: (job: CaseJob) => boolean } = {}): Promise<{ timing: SuiteTiming; interrupted: boolean } | null> => {
  const slow = new Set(cases.filter(isSlow).map((c) => c.id));
  let t0 = 0;
  const last = { slow: null as number | null, other: null as number | null };
  const timeline: RunObserver = {
    start: () => { t0 = performance.now(); },
    result: (r) => { last[slow.has(r.id) ? 'slow' : 'other'] = performance.now() - t0; },
    end: () => undefined,
  };
  const running = runSuite({
    version: sockspecVersion(), cases, loadErrors: [], adapters: o.adapters, pairs: o.runtimes.map((n): [string, string] => [n, n]),
    families: [...FAMILIES], cacheDir: o.cacheDir, jobs: o.jobs, stepTimeoutMs: 2000, caseTimeoutMs: 15000, isolate: true, reporter: timeline, signal, ...extra,
  });
  const run = await endsOrStuck(running, signal);
  if (run === null) return null;
  const sum = run.report.summary;
  return {
    interrupted: run.interrupted,
    timing: {
      casesMs: run.timings.casesMs, outcome: `${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`,
      statuses: new Map(run.report.results.map((r) => [r.name, r.status])), results: run.report.results,
      lastSlowMs: last.slow, lastOtherMs: last.other,
    },
  };
};

/** The run's outcome, or null if it has not ended STOP_GRACE_MS after `signal` aborted. */
const endsOrStuck = (running: Promise<SuiteOutcome>, signal: AbortSignal): Promise<SuiteOutcome | null> => new Promise((resolve, reject) => {
  let grace: NodeJS.Timeout | undefined;
  const onAbort = (): void => { grace = setTimeout(() => resolve(null), STOP_GRACE_MS); };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  running.then(resolve, reject).finally(() => { clearTimeout(grace); signal.removeEventListener('abort', onAbort); });
});

/** One round, its runs one after another (full and fast in the order asked), within `o.boundMs`. */
export const measureWholeRound = async (o: WholeOptions): Promise<WholeRound | UnfinishedRound> => {
  const bound = new AbortController();
  const timer = setTimeout(() => bound.abort(), o.boundMs);
  const began = performance.now();
  // Each run in turn; a run stopped at the bound (or stuck) ends the round.
  const step = async (name: string, cases: LoadedCase[], extra: Parameters<typeof suite>[3] = {}): Promise<SuiteTiming | UnfinishedRound> => {
    const ran = await suite(o, bound.signal, cases, extra);
    const at = `the round's bound (${s(o.boundMs)}) came ${s(performance.now() - began)} in, during its ${name}`;
    if (ran === null) return { unfinished: `${at}, which did not end within ${s(STOP_GRACE_MS)} of being stopped`, stuck: true };
    if (ran.interrupted || bound.signal.aborted) return { unfinished: `${at} (stopped: ${ran.timing.results.length} runs done)`, stuck: false };
    const t = ran.timing;
    const ends = !name.startsWith('full') || t.lastSlowMs === null ? '' : `; last slow run ended at ${s(t.lastSlowMs)}, last other at ${s(t.lastOtherMs ?? 0)}`;
    // A failure under load is a finding of its own (a race the schedule exposed): named, not just counted.
    const unexpected = t.results.filter((r) => !r.expected).map((r) => `${r.name} ${r.status}`);
    o.log(`    ${name}: ${s(t.casesMs)} (${t.results.length} runs: ${t.outcome}${ends})${unexpected.length === 0 ? '' : `; unexpected: ${unexpected.join(', ')}`}`);
    return t;
  };
  try {
    const fastCases = o.cases.filter((c) => !isSlow(c));
    let fast: SuiteTiming | UnfinishedRound | null = null;
    if (o.fastFirst) fast = await step('fast run', fastCases);
    if (fast !== null && 'unfinished' in fast) return fast;
    const full = await step('full run', o.cases);
    if ('unfinished' in full) return full;
    fast ??= await step('fast run', fastCases);
    if ('unfinished' in fast) return fast;
    // Before #15: timer-bound runs hold their slot, every case starts its own agents.
    const held = o.held ? await step('full run as before #15', o.cases, { timerJobs: 0, agentsAhead: 0 }) : null;
    if (held !== null && 'unfinished' in held) return held;
    // The floor's other half: no schedule ends before its longest run does, measured alone. Beside
    // others a run takes longer than alone (a loaded machine), so the full run's 3 longest are each timed.
    const longest = [...full.results].sort((a, b) => b.durationMs - a.durationMs).slice(0, LONGEST_TIMED);
    const alone: WholeRound['longest'][] = [];
    for (const r of longest) {
      const timed = await step(`${r.name} alone`, [o.cases.find((c) => c.id === r.id)!], {
        only: (job) => runtimeColumn(job) === r.runtime && (job.variant?.name ?? null) === r.variant && job.family === familyOf(r),
      });
      if ('unfinished' in timed) return timed;
      alone.push({ name: r.name, inFullMs: r.durationMs, aloneMs: timed.casesMs });
    }
    return { full, held, fast, longest: alone.reduce((a, b) => (b.aloneMs > a.aloneMs ? b : a)) };
  } finally {
    clearTimeout(timer);
  }
};

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
