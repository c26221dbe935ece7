// The one deliberate wait: watching for a segment that must not come (rule 'silent-after').
import type { WireRule } from '../case/case-types.ts';
import type { CaptureSession } from '../capture/capture-session.ts';
import { labelSegments } from '../capture/label-segments.ts';
import { matchesPattern } from './check-wire.ts';

/**
 * Asserting that nothing happens costs its whole wait (SCENARIOS.md), so each rule names its
 * own short quietMs. The wait ends early when an offending segment arrives, so a failure is fast.
 */
export const quietWait = async (capture: CaptureSession, rules: WireRule[], serverPorts: number[]): Promise<void> => {
  for (const rule of rules) {
    if (rule.rule !== 'silent-after') continue;
    const seen = labelSegments(capture.segments(), serverPorts);
    const trigger = seen.find((s) => matchesPattern(rule.after, s, seen));
    if (trigger === undefined) continue;
    await capture.waitFor((raw) => {
      const [labelled] = labelSegments([raw], serverPorts);
      return raw.time > trigger.time && labelled?.from === rule.role;
    }, rule.quietMs);
  }
};
