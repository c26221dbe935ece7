// Waits until a set time has passed since a captured segment: a kernel timer's length (a rate limit), anchored on the wire, never a blind sleep.
import { posInt, type Infer } from '../shape-checks.ts';
import { segmentPattern, type SegmentPattern } from '../format-pieces.ts';
import { describeSegment } from '../describe-wire-rule.ts';
import { broke, defineOp, held, opShape, syncWire, trouble } from './harness-op.ts';

const shape = opShape('since', {
  /** The latest captured segment matching this is the anchor (e.g. the challenge ACK that started a rate limit). */
  segment: segmentPattern,
  /** How long after the anchor's capture time (the kernel's timestamp) the step ends, ms. */
  ms: posInt,
});
export type SinceStep = Infer<typeof shape>;

/** Bounded by the case's budget: a wait longer than what is left is harness trouble, not a finding. */
export const since = defineOp({
  name: 'since',
  shape,
  needs: { capture: true },
  async run(step, ctx) {
    const wire = ctx.machine.wire!;
    // The anchor must be read before it is looked for: everything sent so far.
    const unsynced = await syncWire(wire, ctx);
    if (unsynced !== null) return unsynced;
    const anchor = wire.matching(step.segment).at(-1);
    const { record } = ctx;
    record.wanted = `${step.ms} ms after a segment ${wire.describe(step.segment)}`;
    if (anchor === undefined) {
      record.ok = false;
      record.verdict = 'mismatch';
      return broke(`a segment ${wire.describe(step.segment)} to wait from`, `none among ${wire.segments().length} captured`);
    }
    // Both are the wall clock: the capture stamps each packet with the kernel's time.
    const left = anchor.time + step.ms - Date.now();
    if (left > ctx.within(left)) return trouble(`${Math.round(left)} ms of the wait left, more than the case's time budget`);
    // A timer may fire a millisecond early: wait again for what is left, so the step never ends before its time.
    for (let rest = left; rest > 0; rest = anchor.time + step.ms - Date.now()) await new Promise((resolve) => setTimeout(resolve, Math.ceil(rest)));
    record.ok = true;
    record.verdict = 'ok';
    record.value = { sinceAnchorMs: Math.round((Date.now() - anchor.time) * 10) / 10, waitedMs: Math.round(Math.max(0, left) * 10) / 10 };
    ctx.evidence[`${record.label}: ms since the segment`] = record.value.sinceAnchorMs as number;
    return held();
  },
  words: (r) => (typeof r.segment === 'object' && r.segment !== null
    ? `the harness waits until ${String(r.ms)} ms have passed since ${describeSegment(r.segment as SegmentPattern)} was on the wire`
    : 'the harness waits a set time after a segment'),
});
