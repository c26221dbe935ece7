// The ladder's vertical axis: events in time order, each on its own row, long idle gaps cut short.

/** How times become rows. */
export interface AxisOptions {
  /** y of the first event. */
  top: number;
  /** Least distance between two events: one line of text. */
  rowPx: number;
  /** Scale of short gaps. */
  pxPerMs: number;
  /** Longest drawn gap; a longer one is cut to this and marked. */
  maxGapPx: number;
  /** Room added below each event (by index) for a second line of text; none when absent. */
  extraPx: readonly number[];
}

export const AXIS_DEFAULTS: AxisOptions = { top: 0, rowPx: 18, pxPerMs: 3, maxGapPx: 42, extraPx: [] };

/** A gap cut short: where to draw the mark, and how long the gap really was. */
export interface AxisBreak {
  y: number;
  ms: number;
}

export interface TimeAxis {
  /** The y of each given time, in order. */
  ys: number[];
  /** The y of any time: interpolated between events, clamped before the first and after the last. */
  y: (time: number) => number;
  breaks: AxisBreak[];
  /** y of the last event (top when there is none), and the room below it. */
  bottom: number;
  /** The gap (ms) above which gaps are cut. */
  cutAboveMs: number;
}

/** Rows for non-decreasing `times` (ms): one row at least between events, scaled up to maxGapPx, cut beyond. */
export const timeAxis = (times: readonly number[], options: Partial<AxisOptions> = {}): TimeAxis => {
  const { top, rowPx, pxPerMs, maxGapPx, extraPx } = { ...AXIS_DEFAULTS, ...options };
  const ys: number[] = [];
  const breaks: AxisBreak[] = [];
  times.forEach((time, i) => {
    if (i === 0) return ys.push(top);
    const previous = ys[i - 1] as number;
    const gap = Math.max(0, time - (times[i - 1] as number));
    const scaled = gap * pxPerMs;
    const extra = extraPx[i - 1] ?? 0;
    const dy = Math.max(rowPx, Math.min(scaled, maxGapPx));
    if (scaled > maxGapPx) breaks.push({ y: previous + extra + dy / 2, ms: gap });
    return ys.push(previous + extra + dy);
  });
  const y = (time: number): number => {
    if (ys.length === 0) return top;
    let i = 0;
    while (i + 1 < times.length && (times[i + 1] as number) <= time) i += 1;
    const t0 = times[i] as number;
    const y0 = ys[i] as number;
    if (time <= t0 || i + 1 >= times.length) return y0;
    const t1 = times[i + 1] as number;
    return y0 + ((time - t0) / (t1 - t0)) * ((ys[i + 1] as number) - y0);
  };
  return { ys, y, breaks, bottom: ys.length === 0 ? top : (ys[ys.length - 1] as number) + (extraPx[ys.length - 1] ?? 0), cutAboveMs: maxGapPx / pxPerMs };
};
