// The ladder diagram of one run: client and server as vertical lines, each captured segment an arrow, each call a mark.
import type { CaseResult, Segment, StepRecord } from '../../result/case-result.ts';
import { escapeHtml } from './escape-html.ts';
import { arrow, SECOND_LINE_PX, secondLine, type Lanes } from './ladder-arrow.ts';
import { lanesSvg } from './ladder-lanes.ts';
import { timeAxis } from './ladder-time-axis.ts';

const WIDTH = 820;
const TIME_X = 50;
const LANE: Lanes = { client: 260, server: 620, harness: 440 };
/** Below the host boxes: each side's address:port. */
const ADDRESS_Y = 46;
const FIRST_ROW = ADDRESS_Y + 30;
/** Beyond this many segments the diagram stops growing (the pcap has them all). */
export const MAX_SEGMENTS = 300;
/** A call that took this long gets a row of its own where it returned. */
const LONG_CALL_MS = 5;

type Event =
  | { kind: 'segment'; time: number; segment: Segment }
  | { kind: 'call'; time: number; step: StepRecord & { t: NonNullable<StepRecord['t']> } }
  | { kind: 'return'; time: number; step: StepRecord }
  | { kind: 'harness'; time: number; step: StepRecord };

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const num = (n: number): string => String(Math.round(n * 10) / 10);
const title = (text: string): string => `<title>${escapeHtml(text)}</title>`;

const timed = (s: StepRecord): s is StepRecord & { t: NonNullable<StepRecord['t']> } => s.role !== 'harness' && s.t !== undefined;

/**
 * Events in time order. A harness step that timed itself (inject) stands at its start; the others carry no
 * time: the ones between two calls are spread evenly between the first call's return and the next call's
 * start, so they keep their order among the calls; the ones after the last call come after everything.
 */
const events = (r: CaseResult): Event[] => {
  const list: Event[] = r.capture.segments.slice(0, MAX_SEGMENTS).map((segment) => ({ kind: 'segment', time: segment.time, segment }));
  let after = Math.min(...list.map((e) => e.time), ...r.steps.filter(timed).map((s) => s.t.start));
  let pending: StepRecord[] = [];
  const place = (before: number): void => {
    const span = Math.max(0, before - after);
    pending.forEach((step, k) => list.push({ kind: 'harness', time: after + (span * (k + 1)) / (pending.length + 1), step }));
    pending = [];
  };
  for (const step of r.steps) {
    if (step.role === 'harness' && step.t !== undefined) {
      place(step.t.start);
      list.push({ kind: 'harness', time: step.t.start, step });
      after = Math.max(after, step.t.start + step.t.ms);
    } else if (step.role === 'harness') pending.push(step);
    else if (timed(step)) {
      place(step.t.start);
      list.push({ kind: 'call', time: step.t.start, step });
      if (step.t.ms >= LONG_CALL_MS) list.push({ kind: 'return', time: step.t.start + step.t.ms, step });
      after = Math.max(after, step.t.start + step.t.ms);
    }
  }
  // Steps after the last call (a final `sockets` check) come after everything captured.
  after = Math.max(after, ...list.map((e) => e.time));
  place(after);
  return list.map((e, order) => ({ e, order })).sort((a, b) => a.e.time - b.e.time || a.order - b.order).map(({ e }) => e);
};

const errorText = (step: StepRecord): string => (step.error ? `✕ ${step.error.errno ?? step.error.name}` : step.unsupported !== undefined ? 'unsupported' : '');

/** Where a role's calls are drawn; `side` is the class that anchors their text away from the arrows. */
const side = (role: string): { x: number; textX: number; anchor: string } =>
  role === 'server' ? { x: LANE.server, textX: LANE.server + 10, anchor: 'r' } : { x: LANE.client, textX: LANE.client - 10, anchor: 'l' };

const call = (step: StepRecord & { t: { start: number; ms: number } }, y: number, yEnd: number, long: boolean): string => {
  const { x, textX, anchor } = side(step.role);
  const bad = step.error !== undefined || step.unsupported !== undefined;
  const label = `${step.index} ${step.op}${long || !bad ? '' : ` ${errorText(step)}`}${step.verdict === 'mismatch' ? ' ✗' : ''}`;
  const mark = step.error ? `<path class="err-mark" d="M${x - 4.5} ${num(yEnd - 4.5)}l9 9m0 -9l-9 9"/>` : '';
  return `<g class="call ${anchor}${bad ? ' err' : ''}${step.verdict === 'mismatch' ? ' mismatch' : ''}">` +
    `<rect x="${x - 3}" y="${num(y - 2)}" width="6" height="${num(Math.max(4, yEnd - y + 4))}" rx="2"/>` +
    `<text x="${textX}" y="${num(y + 4)}">${escapeHtml(cut(label, 28))}</text>${mark}</g>`;
};

const returned = (step: StepRecord, y: number): string => {
  const { textX, anchor } = side(step.role);
  const bad = step.error !== undefined || step.unsupported !== undefined;
  const text = `${step.index} ${bad ? errorText(step) : 'returns'}${step.t ? ` (${Math.round(step.t.ms)} ms)` : ''}`;
  return `<text class="ret ${anchor}${bad ? ' err' : ''}" x="${textX}" y="${num(y + 4)}">${escapeHtml(cut(text, 28))}</text>`;
};

const harness = (step: StepRecord, y: number): string =>
  `<g class="hstep"><line x1="${LANE.client}" y1="${num(y)}" x2="${LANE.server}" y2="${num(y)}"/>` +
  `<text x="${(LANE.client + LANE.server) / 2}" y="${num(y - 4)}">${escapeHtml(cut(`${step.index} ${step.label}`, 58))}</text></g>`;

/** The SVG for a run, or '' when there is nothing to place in time (no segment and no timed call). */
export const ladderSvg = (r: CaseResult): string => {
  const list = events(r);
  if (!list.some((e) => e.kind === 'segment' || e.kind === 'call')) return '';
  // A row whose arrow has a second line (a SYN's options, an injected segment) gets room for it.
  const extraPx = list.map((e) => (e.kind === 'segment' && secondLine(e.segment) !== null ? SECOND_LINE_PX : 0));
  const axis = timeAxis(list.map((e) => e.time), { top: FIRST_ROW, extraPx });
  const origin = list[0]?.time ?? 0;
  const height = axis.bottom + 44;
  const rows = list.map((e, i) => {
    const y = axis.ys[i] as number;
    const time = `<text class="t" x="${TIME_X}" y="${num(y + 4)}">${(e.time - origin).toFixed(2)}</text>`;
    switch (e.kind) {
      case 'segment': return time + arrow(e.segment, y, origin, LANE);
      case 'call': return time + call(e.step, y, axis.y(e.step.t.start + e.step.t.ms), e.step.t.ms >= LONG_CALL_MS);
      case 'return': return time + returned(e.step, y);
      case 'harness': return harness(e.step, y);
    }
  });
  const breaks = axis.breaks.map((b) =>
    `<g class="break"><path d="M${TIME_X - 40} ${num(b.y - 3)}l5 6l5 -6l5 6l5 -6l5 6"/><text x="${TIME_X + 4}" y="${num(b.y + 4)}">≈ ${Math.round(b.ms)} ms</text></g>`);
  const hidden = r.capture.segments.length - Math.min(r.capture.segments.length, MAX_SEGMENTS);
  const note = `time flows down (ms from the first event), one row per event${axis.breaks.length > 0 ? `; ≈ marks an idle gap over ${axis.cutAboveMs} ms cut short` : ''}` +
    (hidden > 0 ? `; ${hidden} more segments in the pcap` : '');
  return `<svg class="ladder" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${num(height)}" width="${WIDTH}" height="${num(height)}" role="img" ` +
    `aria-label="ladder diagram: ${r.capture.segments.length} segments">` +
    `<text class="t head" x="${TIME_X}" y="24">ms</text>${lanesSvg(r, LANE, ADDRESS_Y, axis.bottom + 16)}${breaks.join('')}${rows.join('')}` +
    `<text class="axis-note" x="${TIME_X - 40}" y="${num(height - 8)}">${escapeHtml(note)}</text></svg>`;
};
