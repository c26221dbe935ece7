// The waits a run cannot avoid, whatever the harness: the kernel's (or the runtime's) own timers that a case waits out.
import type { LoadedCase } from '../case/case-types.ts';
import { stepLabel } from '../case/step-label.ts';
import { divergencesOf, wireRulesOf } from '../verdict/applicable-divergences.ts';
import type { CaseJob } from './case-job.ts';

/**
 * Ms one run of `job` must wait through: each `silent-after` quiet period (asserting that
 * nothing comes costs the whole wait), each receive timeout a case expects to expire (a recv
 * expecting EAGAIN after setopt rcvtimeo), and each bounded wait a documented divergence
 * expects to run out (`errorName: 'agent-timeout'`: the runtime never reports the event, so the
 * step's bound is what ends it), each `since` wait (a kernel rate limit timed from the wire), and each
 * `await` of a segment a kernel timer sends (`timerMs`: a retransmission at the RTO).
 * The bench adds them to its floor; the scheduler starts the longest runs first. Slow cases (kernel
 * retransmission timers of seconds) are not counted: the bench leaves them out, and the scheduler
 * puts them first by their tag.
 */
export const inherentWaitMs = (job: CaseJob, platform: string = process.platform): number => {
  const kase = job.kase;
  const applied = divergencesOf(job, platform);
  const { rules } = wireRulesOf(kase, applied);
  let wait = rules.reduce((sum, r) => sum + (r.rule === 'silent-after' ? r.quietMs : 0), 0);
  const rcvtimeo = new Map<string, number>();
  for (const step of kase.steps) {
    if (step.role === 'harness') {
      if (step.op === 'since') wait += step.ms;
      // A segment a kernel timer sends (a retransmission at the RTO): its wait is the timer's, passive like a quiet period.
      if (step.op === 'await' && step.timerMs !== undefined) wait += step.timerMs;
      continue;
    }
    if (step.op === 'setopt' && step.name === 'rcvtimeo' && typeof step.value === 'number' && step.sock !== undefined) rcvtimeo.set(`${step.role} ${step.sock}`, step.value);
    const timesOut = applied.some((d) => d.steps?.[stepLabel(step)]?.errorName === 'agent-timeout');
    if (timesOut) wait += step.timeoutMs ?? 0;
    else if (step.op === 'recv' && step.expect?.error === 'EAGAIN') wait += rcvtimeo.get(`${step.role} ${step.sock}`) ?? 0;
  }
  return wait;
};

/**
 * A run this long in waits holds no core for most of its length. Its work beside the waits, measured
 * in `npm run bench` (2 cores): 10-16 ms of harness per run (namespace, capture, steps) and its agents'
 * start-up, 1-2 ms (C, Go, Rust) to 50-90 ms (Java, Node). It was 500 ms when a run's start-up was
 * 0.1-0.3 s of work; at 500 Rust's fast catalogue held its 200 ms waits (two cases, twice over for
 * tokio) in the job slots and ran 1.20-1.32x its floor, at 200 ms 1.04x (bench, 5 rounds each).
 */
export const TIMER_BOUND_MS = 200;

const isSlow = (k: LoadedCase): boolean => (k.tags ?? []).includes('slow');

/**
 * Waits on timers more than it works: a slow case (its length a kernel timer's) or one with long
 * inherent waits; the pool runs it beside the CPU-bound runs. A `since` wait counts too since inject
 * goes through the capture holder (not a spawn: once 1.2 s under load): rst/challenge-ack-rate-limit
 * beside the --fast runs at load ~26, 40 of 40 passed, its second RST at most 158 ms after the first (limit 1000).
 */
export const timerBound = (job: CaseJob, platform: string = process.platform): boolean =>
  isSlow(job.kase) || inherentWaitMs(job, platform) >= TIMER_BOUND_MS;

/** Slow cases first, then by inherent wait, longest first: the run ends with short jobs, not one long straggler. */
export const longestFirst = (jobs: CaseJob[]): CaseJob[] => {
  const slow = (k: LoadedCase): number => (isSlow(k) ? 1 : 0);
  const waits = new Map(jobs.map((j) => [j, inherentWaitMs(j)]));
  // Array.prototype.sort is stable: equal jobs keep plan order.
  return [...jobs].sort((a, b) => slow(b.kase) - slow(a.kase) || waits.get(b)! - waits.get(a)!);
};
