// Renders segments as tcpdump-like lines, for failure diagnostics a person reads.
import type { Segment } from './case-result.ts';
import { optionsText } from './tcp-option.ts';

/**
 * "+0.123ms client 10.0.0.2:40000 > server 10.0.0.1:5000 [ACK] seq 1 ack 1 win 65536 (64×2^10) len 0 (abs seq 123456790 ack 555)";
 * a SYN adds what it announced ("opts [mss 65495, sackOK, TS val 7 ecr 0, wscale 10]"), any segment its SACK blocks and MPTCP option (the
 * timestamps on every other segment stay in results.json); one the harness injected reads "harness (as server ...) > client ...".
 */
export function formatSegment(segment: Segment, originMs: number): string {
  const offset = segment.time - originMs;
  const time = `${offset < 0 ? '-' : '+'}${Math.abs(offset).toFixed(3)}ms`;
  const hasAck = segment.flags.includes('ACK');
  const rel = hasAck ? `seq ${segment.relSeq} ack ${segment.relAck}` : `seq ${segment.relSeq}`;
  const abs = hasAck ? `abs seq ${segment.seq} ack ${segment.ack}` : `abs seq ${segment.seq}`;
  const options = optionsText(segment.options?.filter((o) => segment.flags.includes('SYN') || o.name === 'sack' || o.name === 'mptcp'));
  return `${time} ${routeText(segment)} [${segment.flags.join(', ')}] ${rel} win ${windowText(segment)} len ${segment.len}` +
    `${options === '' ? '' : ` opts [${options}]`} (${abs})`;
}

/** One line per segment, times relative to the first segment unless an origin is given. */
export function formatSegments(segments: readonly Segment[], originMs?: number): string[] {
  const origin = originMs ?? segments[0]?.time ?? 0;
  return segments.map((segment) => formatSegment(segment, origin));
}

/** Who sent it to whom, with addresses: the role when known, the harness when it injected the segment in a role's name. */
export function routeText(segment: Segment): string {
  if (segment.from === 'unknown') return `${segment.injected ? 'harness ' : ''}${segment.src} > ${segment.dst}`;
  const sender = `${segment.from} ${segment.src}`;
  return `${segment.injected ? `harness (as ${sender})` : sender} > ${peerOf(segment.from)} ${segment.dst}`;
}

/**
 * The window in bytes with how it was scaled (RFC 7323 §2.3): "65536 (64×2^10)"; "512" when unscaled (a SYN, or a
 * SYN without the option); "64 (raw, scale unknown)" when the capture missed both SYNs; the raw field for older results.
 */
export function windowText(segment: Segment): string {
  if (segment.winScale === undefined || segment.winBytes === undefined) {
    const unknown = segment.options !== undefined && !segment.flags.includes('SYN');
    return unknown ? `${segment.win} (raw, scale unknown)` : String(segment.win);
  }
  return segment.winScale === 0 || segment.win === 0 ? String(segment.winBytes) : `${segment.winBytes} (${segment.win}×2^${segment.winScale})`;
}

function peerOf(from: 'client' | 'server'): string {
  return from === 'client' ? 'server' : 'client';
}
