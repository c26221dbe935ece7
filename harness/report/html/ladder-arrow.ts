// One captured segment in the ladder: its arrow, its label, and under it what a SYN announced or that the harness sent it.
import type { Segment } from '../../result/case-result.ts';
import { formatSegment, windowText } from '../../result/format-segment.ts';
import { optionsText } from '../../result/tcp-option.ts';
import { escapeHtml } from './escape-html.ts';

/** x of each lane: the two hosts, and between them the harness, drawn when it injected a segment. */
export interface Lanes {
  client: number;
  server: number;
  harness: number;
}

/** Room under an arrow for its second line. */
export const SECOND_LINE_PX = 13;
/** A label longer than this is cut (the tooltip has it whole): what fits between the lanes. */
const LABEL_CHARS = 58;

const num = (n: number): string => String(Math.round(n * 10) / 10);
const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

const flagClass = (s: Segment): string =>
  s.flags.includes('RST') ? 'f-rst' : s.flags.includes('SYN') ? 'f-syn' : s.flags.includes('FIN') ? 'f-fin' : s.len > 0 ? 'f-data' : 'f-ack';

/** "RST ACK seq 1 ack 29 len 0 win 65536 (64×2^10)": flags, relative numbers, length, the window in bytes. */
export const segmentLabel = (s: Segment): string =>
  `${s.flags.join(' ') || '(no flags)'} seq ${s.relSeq}${s.flags.includes('ACK') ? ` ack ${s.relAck}` : ''} len ${s.len} win ${windowText(s)}`;

/** What a reader needs beyond the numbers: a SYN's options (RFC 7323, RFC 2018), any segment's MPTCP option (RFC 8684), and who really sent an injected one. */
export const secondLine = (s: Segment): string | null => {
  const parts = [
    // MPTCP's option rides every segment (RFC 8684 §3.3 DSS: the data-level ack and mapping): shown on each.
    s.flags.includes('SYN') ? optionsText(s.options) : optionsText(s.options?.filter((o) => o.name === 'mptcp')),
    s.injected ? `injected by the harness (raw socket), as if from the ${s.from === 'unknown' ? 'peer' : s.from}` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? null : parts.join(' · ');
};

/** The arrow for `s` on row `y`: from its sender's lane to its receiver's, or from the harness's lane when injected. */
export const arrow = (s: Segment, y: number, origin: number, lanes: Lanes): string => {
  const toClient = s.from === 'server';
  const [x1, x2] = s.injected ? [lanes.harness, toClient ? lanes.client : lanes.server] : toClient ? [lanes.server, lanes.client] : [lanes.client, lanes.server];
  const d = x2 > x1 ? 1 : -1;
  const mid = (lanes.client + lanes.server) / 2;
  const label = s.from === 'unknown' ? `${s.src} > ${s.dst} ${segmentLabel(s)}` : segmentLabel(s);
  const second = secondLine(s);
  const all = optionsText(s.options);
  const tooltip = `${formatSegment(s, origin)}${all === '' || s.flags.includes('SYN') ? '' : ` · options: ${all}`}`;
  const classes = ['seg', flagClass(s), ...(s.from === 'unknown' ? ['unknown'] : []), ...(s.injected ? ['injected'] : [])];
  return `<g class="${classes.join(' ')}" data-from="${escapeHtml(s.injected ? 'harness' : s.from)}"><title>${escapeHtml(tooltip)}</title>` +
    `<line x1="${x1}" y1="${num(y)}" x2="${x2 - 7 * d}" y2="${num(y)}"/><path d="M${x2} ${num(y)}l${-9 * d} -4.5v9z"/>` +
    `<text x="${mid}" y="${num(y - 4)}">${escapeHtml(cut(label, LABEL_CHARS))}</text>` +
    (second === null ? '' : `<text class="second" x="${mid}" y="${num(y + 11)}">${escapeHtml(cut(second, LABEL_CHARS + 20))}</text>`) + '</g>';
};
