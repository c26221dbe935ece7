// The one deliberate wait: watching for a segment that must not come (rule 'silent-after'), within the case's budget.
import type { WireRule } from '../case/case-types.ts';
import { describeWireRule } from '../case/describe-wire-rule.ts';
import type { CaptureSession } from '../capture/capture-session.ts';
import { labelSegments } from '../capture/label-segments.ts';
import { matchesPattern } from '../verdict/check-wire.ts';
import { arrivedWords, budgetLeft, withinBudget } from './case-budget.ts';

/** A quiet period the case's budget ended first: what was waiting, and what did arrive meanwhile. */
export interface QuietCut {
  waiting: string;
  arrived: string;
}

// The trigger may still be on its way through the capture (see below); this bounds that catching up.
const SYNC_MS = 2000;

/**
 * Asserting that nothing happens costs its whole wait, so each rule names its own short quietMs.
 * The wait ends early when an offending segment arrives, so a failure is fast; it ends at the
 * case's `deadline` (performance.now()) at the latest, and then says so instead of passing.
 */
export const quietWait = async (capture: CaptureSession, rules: WireRule[], serverPorts: number[], deadline: number): Promise<QuietCut | null> => {
  if (!rules.some((r) => r.rule === 'silent-after')) return null;
  // Without this the quiet period was skipped in 11 of 18 runs of rst/closed-port-answers-rst-ack
  // (found by profiling). A capture that cannot sync has ended; the wire check then says what it saw.
  if (!(await capture.sync(withinBudget(deadline, SYNC_MS))) && budgetLeft(deadline) === 0) {
    return { waiting: 'the capture to read everything sent so far, before the quiet periods', arrived: arrivedWords(labelSegments(capture.segments(), serverPorts)) };
  }
  for (const rule of rules) {
    if (rule.rule !== 'silent-after') continue;
    const seen = labelSegments(capture.segments(), serverPorts);
    const trigger = seen.find((s) => matchesPattern(rule.after, s, seen));
    if (trigger === undefined) continue;
    // The quiet period runs from the trigger (both clocks are the wall clock: the kernel stamps
    // each packet), so the steps after it count towards the wait.
    const left = Math.max(0, trigger.time + rule.quietMs - Date.now());
    const budget = budgetLeft(deadline);
    const r = await capture.waitFor((raw) => {
      const [labelled] = labelSegments([raw], serverPorts);
      return raw.time > trigger.time && labelled?.from === rule.role;
    }, Math.min(left, budget));
    // An offending segment ends the wait as a finding; the budget ending it first is no finding at all.
    if (left > budget && !('found' in r)) {
      const since = labelSegments(capture.segments(), serverPorts).filter((s) => s.time > trigger.time);
      return {
        waiting: `the quiet period of the wire rule "${describeWireRule(rule)}" (${Math.round(left)} ms of it left, ${Math.round(budget)} ms of the budget)`,
        arrived: since.length === 0 ? 'nothing since the trigger' : arrivedWords(since),
      };
    }
  }
  return null;
};
