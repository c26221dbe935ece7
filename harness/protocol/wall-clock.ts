// The wall clock of PROTOCOL.md's `t.start` and of the capture's packet stamps, in fractional ms.

/**
 * `performance.timeOrigin + performance.now()` is not the wall clock: the origin is read once, at
 * the process's start, and `now()` is CLOCK_MONOTONIC, which the wall clock leaves whenever it is
 * slewed or stepped (NTP, a VM's guest agent). Measured on this machine: 5 ms more per second, so a
 * harness 2 s into its run stamped an injected SYN+ACK 1 ms before the capture's SYN that preceded
 * it, and the segment went unmarked. `Date.now()` follows the wall clock but counts whole ms; this
 * keeps the monotonic clock's resolution and moves its offset only as far as `Date.now()` proves
 * it wrong: Date.now() = floor(mono + offset), so the offset lies in [Date.now() - mono, Date.now() - mono + 1).
 * Past that interval's top the wall clock stepped back (here it does, by 1-5 ms, several times a
 * second): the offset starts again from its bottom, what Date.now() proves.
 */
export const makeWallClock = (mono: () => number = () => performance.now(), wall: () => number = Date.now): (() => number) => {
  let offset: number | null = null;
  return () => {
    const m = mono();
    const floor = wall() - m;
    if (offset === null || offset < floor || offset >= floor + 1) offset = floor;
    return m + offset;
  };
};

/** This process's wall clock, in ms since the epoch with the monotonic clock's resolution. */
export const wallClockMs = makeWallClock();

/** A call's timing as PROTOCOL.md's `t` gives it: `start` on the wall clock, `since()` its length so far on the monotonic one. */
export const startTiming = (): { start: number; since: () => number } => {
  const began = performance.now();
  return { start: wallClockMs(), since: () => performance.now() - began };
};
