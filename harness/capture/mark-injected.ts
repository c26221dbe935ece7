// Tells the segments the inject op sent from the ones the peers sent, by what it recorded sending and when.
import type { Segment, StepRecord } from '../result/case-result.ts';

/**
 * The capture's and the step's clocks are both the wall clock (the kernel's packet stamp, protocol/wall-clock.ts
 * wallClockMs()); this much either side of the step's span absorbs their rounding, no more.
 */
export const CLOCK_SLACK_MS = 5;

/** What one inject step recorded: the segment's addresses, numbers and flags (harness/case/ops/inject.ts), and when it ran. */
interface Sent {
  src: string;
  dst: string;
  seq: number;
  ack: number;
  flags: string[];
  from: number;
  to: number;
}

const sentBy = (step: StepRecord): Sent | null => {
  const { src, dst, seq, ack, flags } = step.request;
  if (step.op !== 'inject' || step.ok !== true || step.t === undefined) return null;
  if (typeof src !== 'string' || typeof dst !== 'string' || typeof seq !== 'number' || typeof ack !== 'number') return null;
  if (!Array.isArray(flags) || !flags.every((f) => typeof f === 'string')) return null;
  return { src, dst, seq, ack, flags, from: step.t.start - CLOCK_SLACK_MS, to: step.t.start + step.t.ms + CLOCK_SLACK_MS };
};

const sameFlags = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((f) => b.includes(f));

/**
 * `segments` with each one an inject step sent marked `injected` (the harness's raw socket, in the peer's name): for
 * each step that sent, the first unmarked segment with exactly its addresses, seq, ack field and flags, no payload
 * (inject.c sends none), captured while the step ran. No match, no mark: nothing is guessed from the flags alone.
 */
export const markInjected = (segments: Segment[], steps: readonly StepRecord[]): Segment[] => {
  const marked = segments.map((s) => ({ ...s }));
  for (const sent of steps.map(sentBy)) {
    if (sent === null) continue;
    const hit = marked.find((s) => s.injected === undefined && s.src === sent.src && s.dst === sent.dst && s.seq === sent.seq &&
      s.ack === sent.ack && s.len === 0 && sameFlags(s.flags, sent.flags) && s.time >= sent.from && s.time <= sent.to);
    if (hit !== undefined) hit.injected = true;
  }
  return marked;
};
