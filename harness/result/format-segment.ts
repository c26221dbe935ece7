// Renders segments as tcpdump-like lines, for failure diagnostics a person reads.
import type { Segment } from './case-result.ts';

/** "+0.123ms client > server [RST, ACK] seq 0 ack 1 win 0 len 0 (abs seq 0 ack 123456790)" */
export function formatSegment(segment: Segment, originMs: number): string {
  const offset = segment.time - originMs;
  const time = `${offset < 0 ? '-' : '+'}${Math.abs(offset).toFixed(3)}ms`;
  const route = segment.from === 'unknown' ? `${segment.src} > ${segment.dst}` : `${segment.from} > ${peerOf(segment.from)}`;
  const hasAck = segment.flags.includes('ACK');
  const rel = hasAck ? `seq ${segment.relSeq} ack ${segment.relAck}` : `seq ${segment.relSeq}`;
  const abs = hasAck ? `abs seq ${segment.seq} ack ${segment.ack}` : `abs seq ${segment.seq}`;
  return `${time} ${route} [${segment.flags.join(', ')}] ${rel} win ${segment.win} len ${segment.len} (${abs})`;
}

/** One line per segment, times relative to the first segment unless an origin is given. */
export function formatSegments(segments: readonly Segment[], originMs?: number): string[] {
  const origin = originMs ?? segments[0]?.time ?? 0;
  return segments.map((segment) => formatSegment(segment, origin));
}

function peerOf(from: 'client' | 'server'): string {
  return from === 'client' ? 'server' : 'client';
}
