// Sends an ICMP / ICMPv6 destination-unreachable to a role, quoting its own last segment with the seq at its SND.UNA plus an offset.
import { integer, oneOf, type Infer } from '../shape-checks.ts';
import { role, type Role } from '../format-pieces.ts';
import type { WireSegment } from './harness-op.ts';
import { endpointOf } from './connection-state.ts';
import { defineOp, done, opShape, syncedSegments, the, trouble } from './harness-op.ts';
import { startTiming } from '../../protocol/wall-clock.ts';

const shape = opShape('icmp', {
  to: role,
  /** net, host, port unreachable or administratively prohibited (harness/net/inject.c has each family's code). */
  code: oneOf('net', 'host', 'port', 'admin'),
  /** The quoted seq = `to`'s SND.UNA (read from the capture) + offset: 0 is its SYN in SYN_SENT; 2 and up is past SND.NXT there. */
  offset: integer,
});
export type IcmpStep = Infer<typeof shape>;

// inject.c's letters (harness/net/inject.c).
const FLAG_LETTER: Record<string, string> = { SYN: 'S', FIN: 'F', RST: 'R', PSH: 'P', ACK: 'A', URG: 'U', ECE: 'E', CWR: 'C' };

const after = (a: number, b: number): boolean => a !== b && ((a - b) >>> 0) < 2 ** 31;

/** The oldest seq `role` has sent that its peer has not acknowledged: the highest ACK from the peer, else its first seq (its ISN). */
export const sndUnaOf = (segments: WireSegment[], role: Role): number | null => {
  const own = segments.filter((s) => s.from === role);
  if (own.length === 0) return null;
  let una = own[0]!.seq;
  for (const s of segments) if (s.from !== role && s.from !== 'unknown' && s.flags.includes('ACK') && !s.flags.includes('RST') && after(s.ack, una)) una = s.ack;
  return una;
};

/** RFC 5927's blind ICMP attacks against TCP, and what a real unreachable does to a connect: the error the kernel checks by its quote. */
export const icmp = defineOp({
  name: 'icmp',
  shape,
  needs: { namespace: true, capture: true, injector: true },
  async run(step, ctx) {
    // SND.UNA and the last segment must count every segment sent so far.
    const segments = await syncedSegments(ctx);
    if (!Array.isArray(segments)) return segments;
    const peer: Role = step.to === 'server' ? 'client' : 'server';
    const last = segments.filter((s) => s.from === step.to).at(-1);
    const una = sndUnaOf(segments, step.to);
    const src = endpointOf(segments, step.to);
    const dst = endpointOf(segments, peer);
    if (last === undefined || una === null || src === null || dst === null) {
      return trouble(`the capture holds no segment of ${the(step.to)} to quote (segments: ${segments.length})`);
    }
    const seq = (una + step.offset) >>> 0;
    const letters = last.flags.map((f) => FLAG_LETTER[f] ?? '').join('');
    const { record } = ctx;
    record.request = { ...record.request, src, dst, seq, ack: last.ack, quoted: last.flags };
    const timing = startTiming();
    // From the peer's host, as a router or the peer's stack would send it: to `to`'s address, about its segment to the peer.
    const sent = await ctx.machine.inject(peer, { src, dst, seq, ack: last.ack, flags: letters, icmp: step.code });
    record.t = { start: timing.start, ms: timing.since() };
    record.ok = sent.ok;
    if (!sent.ok) return trouble(sent.reason);
    ctx.evidence[`${record.label}: ICMP`] = `${step.code} unreachable to ${src} quoting ${last.flags.join('+')} ${src} > ${dst} seq ${seq} (SND.UNA ${step.offset >= 0 ? '+' : ''}${step.offset}) ack ${last.ack}`;
    return done();
  },
  words(r) {
    const offset = typeof r.offset === 'number' && r.offset !== 0 ? ` + ${r.offset}` : '';
    return `an ICMP ${String(r.code)}-unreachable reaches ${the(r.to)}, quoting its last segment with seq at its SND.UNA${offset}`;
  },
});
