// The main job: prepare runtimes, probe the machine, run every selected case × runtime; returns the run's report (the caller decides where it goes).
import { setMaxListeners } from 'node:events';
import type { LoadedCase } from '../case/case-types.ts';
import type { LoadError } from '../case/load-cases.ts';
import type { CaseResult, RunReport } from '../result/case-result.ts';
import type { RuntimeAdapter } from '../adapters/adapter.ts';
import type { RunObserver } from './run-observer.ts';
import { summarize } from '../result/summarize.ts';
import { detectEnvironment } from './detect-environment.ts';
import { planJobs, type RuntimePair } from './plan-jobs.ts';
import { runCase } from './run-case.ts';
import { runtimeColumn, type CaseJob, type RoleRuntime } from './case-job.ts';
import { type RunSettings } from './run-settings.ts';
import { runPool } from './run-pool.ts';
import { outcomeChanges } from './outcome-changes.ts';
import { longestFirst, timerBound } from './inherent-wait.ts';
import { unmetRequirement } from './case-requirements.ts';
import { familySkip } from './pinned-family.ts';
import { netSkip } from './net-skip.ts';
import { netNamed } from '../net/nets/index.ts';
import { WarmHosts } from './warm-hosts.ts';
import { caseInfo } from '../result/case-info.ts';
import type { PreparedRuntime } from '../adapters/prepare-runtimes.ts';
import { prepareWithProgress } from './prepare-with-progress.ts';
import { pointName } from '../result/point-name.ts';
import type { Family } from '../case/family.ts';

export interface SuiteOptions {
  version: string;
  cases: LoadedCase[];
  loadErrors: LoadError[];
  adapters: RuntimeAdapter[];
  /** [server, client] runtime selectors (node, node@22, node@*); the usual run pairs each runtime with itself. */
  pairs: [string, string][];
  /** Address families every job runs over (--family); absent: ipv4 only. */
  families?: Family[];
  /** Nets every job runs on (--net); absent: kernel only. A net this machine cannot run makes its jobs skips naming why. */
  nets?: string[];
  cacheDir: string;
  jobs: number;
  /** Timer-bound runs (inherent-wait.ts timerBound) waiting at once beside the `jobs` CPU-bound ones; 0: they hold a CPU slot throughout. Absent: timerJobsFor(jobs). */
  timerJobs?: number;
  /** Jobs whose agents are started (to hello) while earlier cases run, at most, besides their hosts; 0: each case starts its own. Absent: `jobs`. */
  agentsAhead?: number;
  /** --repeat: run every job this many times; an outcome that changes is a failure of its own. */
  repeat?: number;
  /**
   * Where a finished run's raw capture goes, if anywhere (the caller decides: the CLI keeps
   * failing ones in its report folder); resolves to the path to record, or null. The engine
   * awaits every one before it returns the report.
   */
  keepPcap?: (result: CaseResult, pcap: Buffer) => Promise<string | null>;
  stepTimeoutMs: number;
  caseTimeoutMs: number;
  isolate: boolean;
  reporter: RunObserver;
  /** Keeps only the jobs it accepts (`--runtime rust:tokio`: that program alone); absent: every job. */
  only?: (job: CaseJob) => boolean;
  signal?: AbortSignal;
}

/** A run's report, and how the run ended. */
export interface SuiteOutcome {
  report: RunReport;
  interrupted: boolean;
  /** Probing the machine and preparing runtimes (once per run), then running the cases. */
  timings: { setupMs: number; casesMs: number };
}

/** Runs the suite; an unavailable runtime turns its jobs into skips that say why. */
export const runSuite = async (o: SuiteOptions): Promise<SuiteOutcome> => {
  const startedAt = new Date();
  const t0 = performance.now();
  o.reporter.preparing?.({ phase: 'probing' });
  const env = await detectEnvironment(o.cacheDir, { isolate: o.isolate });
  const prepared = await prepareWithProgress([...new Set(o.pairs.flat())], o.adapters, o.cacheDir, o.reporter);
  const setupMs = performance.now() - t0;
  const role = (p: PreparedRuntime): RoleRuntime => ({ name: p.name, column: p.column, version: p.version ?? '', command: p.command });
  // A selector may stand for several versions (node@*): each is a column; a mixed pair runs every combination.
  const pairs: RuntimePair[] = o.pairs.flatMap(([s, c]) => s === c
    ? prepared.get(s)!.map((p) => ({ server: role(p), client: role(p) }))
    : prepared.get(s)!.flatMap((sp) => prepared.get(c)!.map((cp) => ({ server: role(sp), client: role(cp) }))));
  const all = [...new Map([...prepared.values()].flat().map((p) => [p.column, p])).values()];
  const byColumn = new Map(all.map((p) => [p.column, p]));
  const families = o.families ?? ['ipv4'];
  const nets = o.nets ?? ['kernel'];
  // Each net's detect() once per run: a net missing here (its package, a kernel setting) is a skip with the reason.
  const netMissing = new Map(await Promise.all(nets.map(async (n) => [n, netNamed(n) === undefined ? `no net is named "${n}"` : await netNamed(n)!.detect()] as const)));
  const plan = planJobs(o.cases, pairs, families, nets).filter((job) => o.only?.(job) ?? true);
  const repeat = o.repeat ?? 1;
  // --repeat: round after round of the whole plan, so a case's runs meet different neighbours.
  const rounds: CaseJob[][] = repeat === 1 ? [plan] : Array.from({ length: repeat }, (_, k) => plan.map((job) => ({ ...job, repeat: k + 1 })));
  const place = new Map(rounds.flatMap((round) => round.map((job, i) => [job, [i, job.repeat ?? 1] as const])));
  // Each round starts its longest runs first, so it does not end waiting on one long straggler;
  // results still come out in plan order (sorted below).
  const jobs = rounds.flatMap(longestFirst);
  const results: CaseResult[] = [];
  const order = new Map<CaseResult, readonly [number, number]>();
  const pendingPcaps: Promise<void>[] = [];
  o.reporter.start({ total: jobs.length, platform: env.platform });

  const unavailable = (job: CaseJob): string | null => {
    const missing = [job.server, job.client].map((r) => byColumn.get(r.column ?? r.name)!).find((p) => !p.available);
    if (missing !== undefined) return `${missing.column} is not available here: ${missing.reason}`;
    const netWhy = netMissing.get(job.net ?? 'kernel') ?? null;
    return netWhy === null ? null : `the ${job.net} net cannot run here: ${netWhy}`;
  };
  const { platform: _facts, ...abilities } = env;
  // Namespace holders still exiting after their case: awaited once, before the run reports.
  const exiting: Promise<void>[] = [];
  const settings: RunSettings = {
    ...abilities, stepTimeoutMs: o.stepTimeoutMs, caseTimeoutMs: o.caseTimeoutMs, platform: process.platform, kernel: env.platform.release, signal: o.signal,
    afterCase: (p) => { exiting.push(p); },
    hosts: new WarmHosts(abilities.captureBinary, o.agentsAhead ?? o.jobs),
  };
  // While a job runs, the hosts of the job `o.jobs` places later are made (one job ahead per
  // lane): at --jobs 1 a case's namespace (~5 ms; two hosts ~25 ms) is then off its path; and
  // its agents, up to --agents-ahead jobs' at a time (a JVM's start-up is hundreds of ms).
  const next = new Map(jobs.map((job, i) => [job, jobs[i + o.jobs]] as const));
  const needsHosts = (job: CaseJob): boolean =>
    settings.isolation && unavailable(job) === null && familySkip(job.kase, job.family) === null && netSkip(job) === null && unmetRequirement(job.kase, settings) === null;
  const timerJobs = o.timerJobs ?? timerJobsFor(o.jobs);
  // Each running case's pending agent requests listen for the abort (run-steps.ts withAbort): up to jobs + timerJobs cases at once, a few requests each.
  if (o.signal !== undefined) setMaxListeners(4 * (o.jobs + timerJobs) + 10, o.signal);
  try {
    await runPool(jobs, o.jobs, async (job, release) => {
      o.reporter.caseStarted?.({ id: job.kase.id, runtime: runtimeColumn(job), variant: job.variant?.name ?? null, family: job.family, ...(job.net === undefined ? {} : { net: job.net }) });
      // Begun before the next is warmed: this job's agents started ahead leave the bound's count.
      settings.hosts!.begun(job);
      const ahead = next.get(job);
      // A timer-bound job may wait long for a timer slot while the pool lets others pass: agents
      // started for it would hold a share all that time (measured: 142 of 1068 runs got theirs ahead).
      if (ahead !== undefined && needsHosts(ahead) && o.signal?.aborted !== true) settings.hosts!.warm(ahead, !timerBound(ahead));
      const why = unavailable(job);
      if (why !== null) return { result: skipped(job, why), pcap: null };
      return runCase(job, settings, release);
    }, ({ result, pcap }, job) => {
      if (job.repeat !== undefined) Object.assign(result, { repeat: job.repeat, name: `${result.name} (run ${job.repeat} of ${repeat})` });
      order.set(result, place.get(job)!);
      results.push(result);
      o.reporter.result(result, results.length - 1);
      if (pcap !== null && o.keepPcap !== undefined) {
        // Kept asynchronously; the path is recorded before the report is returned.
        pendingPcaps.push(o.keepPcap(result, pcap).then((rel) => { if (rel !== null) result.capture.pcap = rel; }));
      }
    }, o.signal, { bound: (job) => timerBound(job), timerJobs });
  } finally {
    // Hosts made ahead for jobs that never ran (an interrupted run, a harness fault).
    await settings.hosts!.close();
  }
  await Promise.all([...pendingPcaps, ...exiting]);
  // Streamed as they finish; kept in plan order (case, then runtime, then variant), so files from two runs diff cleanly.
  results.sort((a, b) => order.get(a)![0] - order.get(b)![0] || order.get(a)![1] - order.get(b)![1]);
  for (const changed of outcomeChanges(results, repeat)) {
    results.push(changed);
    o.reporter.result(changed, results.length - 1);
  }

  const durationMs = performance.now() - t0;
  const casesMs = durationMs - setupMs;
  const report: RunReport = {
    sockspec: o.version, startedAt: startedAt.toISOString(), platform: env.platform,
    runtimes: all.map((p) => ({
      name: p.column, version: p.version, available: p.available,
      ...(p.executable !== null ? { executable: p.executable } : {}), ...(p.reason ? { reason: p.reason } : {}),
    })),
    families,
    ...(nets.length === 1 && nets[0] === 'kernel' ? {} : { nets }),
    // A case file that did not load counts as a failure: it is a not-ok point of its own.
    summary: (({ failed, ...rest }) => ({ ...rest, failed: failed + o.loadErrors.length }))(summarize(results, durationMs)),
    results,
    cases: o.cases.map(caseInfo),
    loadErrors: o.loadErrors,
  };
  o.reporter.end(report);
  return { report, interrupted: o.signal?.aborted === true, timings: { setupMs, casesMs } };
};

/**
 * Timer-bound runs at once by default: each waits with next to no CPU, but its agents still work
 * after hello (a JVM's JIT) and its teardown is work, outside the CPU budget. Four per core: the
 * default run's 144 slow runs (~367 s of kernel timers in all) take ~92 s in 4 slots, past its
 * fast part (~60 s quiet), and ~46 s in 8; side by side at load ~20-28 the full run with 8 took
 * 213.6 s (109 s CPU) and the fast run 216.7 s (97 s CPU). 8 per core measured slower on every runtime, loaded.
 */
export const timerJobsFor = (jobs: number): number => 4 * jobs;

const skipped = (job: CaseJob, reason: string): CaseResult => {
  const runtime = runtimeColumn(job);
  const variant = job.variant?.name ?? null;
  return {
    id: job.kase.id, runtime, variant, family: job.family, ...(job.net === undefined ? {} : { net: job.net }), name: pointName(job.kase.id, runtime, variant, job.family, job.net),
    status: 'skip', expected: true, reason, durationMs: 0, runtimeVersion: null, steps: [], failures: [], agents: [], evidence: {},
    capture: { status: 'skipped', reason: 'not run', segments: [] }, wire: { status: 'none' },
  };
};
