// A side's SND.NXT as the capture shows it: the sequence number just past everything it had sent before a segment.
import type { Segment } from '../result/case-result.ts';

/** Sequence numbers are modulo 2^32: a is after b when (a - b) mod 2^32 is below 2^31 (RFC 9293 §3.4). */
const after = (a: number, b: number): boolean => a !== b && ((a - b) >>> 0) < 2 ** 31;

/**
 * SND.NXT of `from` before segment index `at` (RFC 9293 §3.3.1): SYN and FIN count one each, a RST
 * occupies no sequence space, and a segment the harness injected is not the side's own. On a capture
 * that lost nothing this is also the other side's RCV.NXT once all of it arrived. null: it sent nothing.
 */
export const nextSeqBefore = (segments: Segment[], from: Segment['from'], at: number): number | null => {
  let next: number | null = null;
  for (const s of segments.slice(0, at)) {
    if (s.from !== from || s.injected === true || s.flags.includes('RST')) continue;
    const end = (s.seq + s.len + (s.flags.includes('SYN') ? 1 : 0) + (s.flags.includes('FIN') ? 1 : 0)) >>> 0;
    if (next === null || after(end, next)) next = end;
  }
  return next;
};
