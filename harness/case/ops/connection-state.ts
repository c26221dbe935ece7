// Reads a connection's sequence space off the capture: what each side will accept next (RCV.NXT).
import type { Role } from '../format-pieces.ts';
import type { WireSegment as Segment } from './harness-op.ts';

/** Sequence numbers are modulo 2^32: a is after b when (a - b) mod 2^32 is below 2^31 (RFC 9293 §3.4). */
const after = (a: number, b: number): boolean => a !== b && ((a - b) >>> 0) < 2 ** 31;

/**
 * The segments of the capture's latest connection: those of the 4-tuple of its last labelled
 * segment, either way. A case may open a second connection after the first (close/fin-wait2-timeout).
 */
export const latestConnection = (segments: Segment[]): Segment[] => {
  let last: Segment | undefined;
  for (const s of segments) if (s.from !== 'unknown') last = s;
  if (last === undefined) return segments;
  const { src, dst } = last;
  return segments.filter((s) => (s.src === src && s.dst === dst) || (s.src === dst && s.dst === src));
};

/** The sequence number just past everything `from` has sent on the latest connection: the peer's RCV.NXT once all arrived. */
export const nextSeqFrom = (segments: Segment[], from: Role): number | null => {
  let next: number | null = null;
  for (const s of latestConnection(segments)) {
    if (s.from !== from || s.flags.includes('RST')) continue;
    const end = (s.seq + s.len + (s.flags.includes('SYN') ? 1 : 0) + (s.flags.includes('FIN') ? 1 : 0)) >>> 0;
    if (next === null || after(end, next)) next = end;
  }
  return next;
};

/** The addresses of a role on the latest connection ("ip:port"), from any segment it sent or received. */
export const endpointOf = (all: Segment[], role: Role): string | null => {
  const segments = latestConnection(all);
  const sent = segments.find((s) => s.from === role);
  if (sent !== undefined) return sent.src;
  return segments.find((s) => s.from !== role && s.from !== 'unknown')?.dst ?? null;
};
