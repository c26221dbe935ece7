// Reads a connection's sequence space off the capture: what each side will accept next (RCV.NXT).
import type { Role } from '../format-pieces.ts';
import type { WireSegment as Segment } from './harness-op.ts';

/** Sequence numbers are modulo 2^32: a is after b when (a - b) mod 2^32 is below 2^31 (RFC 9293 §3.4). */
const after = (a: number, b: number): boolean => a !== b && ((a - b) >>> 0) < 2 ** 31;

/** The sequence number just past everything `from` has sent: the peer's RCV.NXT once all arrived. */
export const nextSeqFrom = (segments: Segment[], from: Role): number | null => {
  let next: number | null = null;
  for (const s of segments) {
    if (s.from !== from || s.flags.includes('RST')) continue;
    const end = (s.seq + s.len + (s.flags.includes('SYN') ? 1 : 0) + (s.flags.includes('FIN') ? 1 : 0)) >>> 0;
    if (next === null || after(end, next)) next = end;
  }
  return next;
};

/** The addresses of a role on the connection ("ip:port"), from any segment it sent or received. */
export const endpointOf = (segments: Segment[], role: Role): string | null => {
  const sent = segments.find((s) => s.from === role);
  if (sent !== undefined) return sent.src;
  return segments.find((s) => s.from !== role && s.from !== 'unknown')?.dst ?? null;
};
