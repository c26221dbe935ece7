// Waits for a wire event (a segment in the capture) or for the reply of an agent step sent in the background.
import { bool, custom, isObject, join, posInt, str, type Infer } from '../shape-checks.ts';
import { segmentPattern, type SegmentPattern } from '../format-pieces.ts';
import { describeSegment } from '../describe-wire-rule.ts';
import { broke, defineOp, held, opShape, syncWire, trouble } from './harness-op.ts';

const fields = opShape('await', {}, {
  /** A segment to wait for in the capture. */
  segment: segmentPattern,
  /** The label of an earlier `background: true` agent step whose reply to wait for (its `expect` is checked then). */
  reply: str,
  /** Bound on the wait, ms (default: the runner's step timeout). */
  timeoutMs: posInt,
  /**
   * With `segment`: the wait paces the steps and asserts nothing; a segment that does not come within the bound is
   * no failure (the case's wire rules, which divergences may change, say whether it must come). For a next step
   * that must not run before the stack has answered, where some runtimes send nothing to answer.
   */
  pace: bool,
  /**
   * With `pace`: the awaited segment answers this one (the RST that data for a dead connection draws). When no such
   * segment was sent since the previous step began (a runtime that refused the write itself), nothing will answer and
   * the wait ends at once instead of at its bound.
   */
  answering: segmentPattern,
  /**
   * With `segment`: the awaited segment comes on a kernel timer at least this many ms away (200: tcp_rto_min, for a
   * retransmission). Not asserted (the timer runs from the original send, not from this step): the scheduler and
   * the bench's floor count it as a wait no harness can avoid (harness/engine/inherent-wait.ts).
   */
  timerMs: posInt,
});
// One thing to wait for: a wire event or a reply, never both, never neither.
const shape = custom<Infer<typeof fields>>((v, k, out) => {
  fields(v, k, out);
  if (isObject(v) && v.pace === true && v.segment === undefined) {
    out.push({ key: join(k, 'pace'), message: `\`${join(k, 'pace')}\` paces the steps by a wire event: it goes with \`segment\`, not \`reply\`` });
  }
  if (isObject(v) && v.answering !== undefined && v.pace !== true) {
    out.push({ key: join(k, 'answering'), message: `\`${join(k, 'answering')}\` says when a paced wait has nothing to wait for: it goes with \`pace: true\`` });
  }
  if (isObject(v) && v.timerMs !== undefined && v.segment === undefined) {
    out.push({ key: join(k, 'timerMs'), message: `\`${join(k, 'timerMs')}\` says a kernel timer sends the awaited segment: it goes with \`segment\`, not \`reply\`` });
  }
  if (isObject(v) && (v.segment === undefined) === (v.reply === undefined)) {
    out.push({ key: join(k, 'segment'), message: `An await step (\`${join(k, 'op')}\`) waits for exactly one of \`segment\` (a wire event) or \`reply\` (the label of a background agent step)` });
  }
});
export type AwaitStep = Infer<typeof shape>;

/** Only what arrived since the previous step began counts: the event that step caused. */
export const awaitSegment = defineOp({
  name: 'await',
  shape,
  needs: { capture: true },
  // A reply comes over the agent's channel: the capture is not needed for it.
  needsOf: (step) => (step.reply !== undefined ? {} : { capture: true }),
  async run(step, ctx) {
    // The engine waits for replies itself (harness/engine/run-steps.ts): only it holds the agents' pending requests.
    if (step.segment === undefined) return trouble(`an await of the reply of "${String(step.reply)}" reached the wire op`);
    const wire = ctx.machine.wire!;
    const origin = performance.now();
    const since = ctx.previousStepMark;
    const timeoutMs = step.timeoutMs ?? ctx.stepTimeoutMs;
    const { record } = ctx;
    if (step.answering !== undefined) {
      // Whether what would be answered went out: everything sent so far read first.
      const unsynced = await syncWire(wire, ctx);
      if (unsynced !== null) return unsynced;
      if (!(await wire.waitFor(step.answering, since, 0))) {
        record.wanted = `a segment ${wire.describe(step.segment)} answering ${wire.describe(step.answering)}, sent since the previous step began`;
        record.ok = true;
        record.verdict = 'ok';
        record.value = { waitedMs: Math.round((performance.now() - origin) * 10) / 10, came: false, unanswerable: `no ${wire.describe(step.answering)} was sent` };
        return held();
      }
    }
    const found = await wire.waitFor(step.segment, since, ctx.within(timeoutMs));
    record.wanted = `a segment ${wire.describe(step.segment)}, sent since the previous step began`;
    record.ok = found;
    record.verdict = found ? 'ok' : 'mismatch';
    const waitedMs = Math.round((performance.now() - origin) * 10) / 10;
    if (found) {
      record.value = { waitedMs };
      return held();
    }
    if (step.pace === true) {
      // Pacing only: the bound passed, which the wire rules judge, not this step.
      record.ok = true;
      record.verdict = 'ok';
      record.value = { waitedMs, came: false };
      return held();
    }
    const seen = wire.segments().slice(since).map((s) => `${s.from} [${s.flags.join(', ')}] len ${s.len}`).join('; ') || 'no segments';
    return broke(`${record.wanted}, within ${timeoutMs} ms`, seen);
  },
  words: (r, code) => {
    if (typeof r.reply === 'string') return `the harness waits for the reply to ${code(r.reply)}, sent in the background`;
    return typeof r.segment === 'object' && r.segment !== null
      ? r.pace === true
        ? `the harness lets ${describeSegment(r.segment as SegmentPattern)} come before the next step (waiting at most ${typeof r.timeoutMs === 'number' ? `${r.timeoutMs} ms` : 'the step bound'}${typeof r.answering === 'object' && r.answering !== null ? `, if ${describeSegment(r.answering as SegmentPattern)} went out for it to answer` : ''}; its absence is the wire rules' to judge)`
        : `the harness waits until ${describeSegment(r.segment as SegmentPattern)} is on the wire`
      : 'the harness waits for a segment';
  },
});
