// Names the sender of each captured segment and adds tcpdump-style relative seq/ack for reading.
import type { Segment } from '../result/case-result.ts';
import type { RawSegment } from './decode-segment.ts';

const MOD = 2 ** 32;

/**
 * `from` is 'server' when the source port is a server port, 'client' when the destination
 * port is, else 'unknown'. A direction's ISN is the seq of its latest SYN, or its first
 * seen seq; relSeq counts from the sender's ISN, relAck from the receiver's (0 without ACK,
 * absolute when the receiver never sends). The absolute values stay: they are asserted on.
 */
export function labelSegments(raw: readonly RawSegment[], serverPorts: readonly number[]): Segment[] {
  const servers = new Set(serverPorts);
  const firstSeq = new Map<string, number>();
  for (const s of raw) {
    const key = direction(s.src, s.dst);
    if (!firstSeq.has(key)) firstSeq.set(key, s.seq);
  }
  const isn = new Map<string, number>();
  return raw.map((s) => {
    const key = direction(s.src, s.dst);
    if (s.flags.includes('SYN') || !isn.has(key)) isn.set(key, s.seq);
    const reverse = direction(s.dst, s.src);
    // The reverse direction may only show up later (or never): its first seq stands in.
    const peerIsn = isn.get(reverse) ?? firstSeq.get(reverse);
    const hasAck = s.flags.includes('ACK');
    return {
      ...s,
      flags: [...s.flags],
      from: servers.has(port(s.src)) ? 'server' : servers.has(port(s.dst)) ? 'client' : 'unknown',
      relSeq: relative(s.seq, isn.get(key)!),
      relAck: !hasAck ? 0 : peerIsn === undefined ? s.ack : relative(s.ack, peerIsn),
    };
  });
}

function direction(src: string, dst: string): string {
  return `${src}>${dst}`;
}

function port(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}

function relative(value: number, base: number): number {
  return (((value - base) % MOD) + MOD) % MOD;
}
