// Names the sender of each captured segment, adds tcpdump-style relative seq/ack and the window in bytes, for reading.
import type { Segment } from '../result/case-result.ts';
import { announcedShift, type TcpOption } from '../result/tcp-option.ts';
import type { RawSegment } from './decode-segment.ts';

const MOD = 2 ** 32;

/**
 * `from` is 'server' when the source port is a server port, 'client' when the destination
 * port is, else 'unknown'. A direction's ISN is the seq of its latest SYN, or its first
 * seen seq; relSeq counts from the sender's ISN, relAck from the receiver's (0 without ACK,
 * absolute when the receiver never sends). The absolute values stay: they are asserted on.
 * winScale/winBytes: see windowScale.
 */
export function labelSegments(raw: readonly RawSegment[], serverPorts: readonly number[]): Segment[] {
  const servers = new Set(serverPorts);
  const firstSeq = new Map<string, number>();
  for (const s of raw) {
    const key = direction(s.src, s.dst);
    if (!firstSeq.has(key)) firstSeq.set(key, s.seq);
  }
  const isn = new Map<string, number>();
  const syns = new Map<string, readonly TcpOption[]>();
  return raw.map((s) => {
    const key = direction(s.src, s.dst);
    if (s.flags.includes('SYN') || !isn.has(key)) isn.set(key, s.seq);
    const reverse = direction(s.dst, s.src);
    // The reverse direction may only show up later (or never): its first seq stands in.
    const peerIsn = isn.get(reverse) ?? firstSeq.get(reverse);
    const hasAck = s.flags.includes('ACK');
    const winScale = windowScale(s, syns);
    return {
      ...s,
      flags: [...s.flags],
      options: [...(s.options ?? [])],
      from: servers.has(port(s.src)) ? 'server' : servers.has(port(s.dst)) ? 'client' : 'unknown',
      relSeq: relative(s.seq, isn.get(key)!),
      relAck: !hasAck ? 0 : peerIsn === undefined ? s.ack : relative(s.ack, peerIsn),
      ...(winScale === null ? {} : { winScale, winBytes: s.win * 2 ** winScale }),
    };
  });
}

/**
 * The shift a segment's window is scaled by (RFC 7323 §2.2-2.3), from the SYNs seen before it, which
 * `syns` (direction -> its SYN's options) remembers as it goes: a SYN is never scaled; after both SYNs
 * scaling is in force only when both carried the option, each side by the shift it announced; with one
 * SYN seen (a reset answering a SYN) it is not; with neither (the capture began mid-connection) it is
 * unknown: null. A SYN without ACK from a side that already sent one starts a new connection.
 */
export function windowScale(s: Pick<RawSegment, 'src' | 'dst' | 'flags' | 'options'>, syns: Map<string, readonly TcpOption[]>): number | null {
  const key = direction(s.src, s.dst);
  const reverse = direction(s.dst, s.src);
  if (s.flags.includes('SYN')) {
    if (!s.flags.includes('ACK') && syns.has(key)) syns.delete(reverse);
    syns.set(key, s.options ?? []);
    return 0;
  }
  const mine = syns.get(key);
  const theirs = syns.get(reverse);
  if (mine === undefined && theirs === undefined) return null;
  if (mine === undefined || theirs === undefined) return 0;
  const shift = announcedShift(mine);
  return shift !== null && announcedShift(theirs) !== null ? shift : 0;
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
