// The one deliberate wait: watching for a segment that must not come (rule 'silent-after').
import type { WireRule } from '../case/case-types.ts';
import type { CaptureSession } from '../capture/capture-session.ts';
import { labelSegments } from '../capture/label-segments.ts';
import { matchesPattern } from '../verdict/check-wire.ts';

/**
 * Asserting that nothing happens costs its whole wait (SCENARIOS.md), so each rule names its
 * own short quietMs. The wait ends early when an offending segment arrives, so a failure is fast.
 */
export const quietWait = async (capture: CaptureSession, rules: WireRule[], serverPorts: number[]): Promise<void> => {
  if (!rules.some((r) => r.rule === 'silent-after')) return;
  // The trigger may still be on its way through the capture: without this the quiet period was
  // skipped in 11 of 18 runs of rst/closed-port-answers-rst-ack (found by profiling). A capture
  // that cannot sync has ended; the wire check then says what it saw.
  await capture.sync(2000);
  for (const rule of rules) {
    if (rule.rule !== 'silent-after') continue;
    const seen = labelSegments(capture.segments(), serverPorts);
    const trigger = seen.find((s) => matchesPattern(rule.after, s, seen));
    if (trigger === undefined) continue;
    // The quiet period runs from the trigger (both clocks are the wall clock: the kernel stamps
    // each packet), so the steps after it count towards the wait.
    const left = Math.max(0, trigger.time + rule.quietMs - Date.now());
    await capture.waitFor((raw) => {
      const [labelled] = labelSegments([raw], serverPorts);
      return raw.time > trigger.time && labelled?.from === rule.role;
    }, left);
  }
};
