// Waits until the capture holds a segment matching a pattern: a wire event as a step.
import { posInt, type Infer } from '../shape-checks.ts';
import { segmentPattern, type SegmentPattern } from '../format-pieces.ts';
import { describeSegment } from '../describe-wire-rule.ts';
import { broke, defineOp, held, opShape } from './harness-op.ts';

const shape = opShape('await', { segment: segmentPattern }, {
  /** Bound on the wait, ms (default: the runner's step timeout). */
  timeoutMs: posInt,
});
export type AwaitStep = Infer<typeof shape>;

/** Only what arrived since the previous step began counts: the event that step caused. */
export const awaitSegment = defineOp({
  name: 'await',
  shape,
  needs: { capture: true },
  async run(step, ctx) {
    const wire = ctx.machine.wire!;
    const origin = performance.now();
    const since = ctx.previousStepMark;
    const timeoutMs = step.timeoutMs ?? ctx.stepTimeoutMs;
    const found = await wire.waitFor(step.segment, since, ctx.within(timeoutMs));
    const { record } = ctx;
    record.wanted = `a segment ${wire.describe(step.segment)}, sent since the previous step began`;
    record.ok = found;
    record.verdict = found ? 'ok' : 'mismatch';
    if (found) {
      record.value = { waitedMs: Math.round((performance.now() - origin) * 10) / 10 };
      return held();
    }
    const seen = wire.segments().slice(since).map((s) => `${s.from} [${s.flags.join(', ')}] len ${s.len}`).join('; ') || 'no segments';
    return broke(`${record.wanted}, within ${timeoutMs} ms`, seen);
  },
  words: (r) => (typeof r.segment === 'object' && r.segment !== null
    ? `the harness waits until ${describeSegment(r.segment as SegmentPattern)} is on the wire`
    : 'the harness waits for a segment'),
});
