// Sends one crafted segment to a role, as if from its peer on the case's connection, at its RCV.NXT plus an offset.
import { integer, type Infer } from '../shape-checks.ts';
import { flags, role, type Role } from '../format-pieces.ts';
import { endpointOf, nextSeqFrom } from './connection-state.ts';
import { defineOp, done, opShape, syncedSegments, the, trouble } from './harness-op.ts';
import { startTiming } from '../../protocol/wall-clock.ts';

const shape = opShape('inject', {
  to: role,
  flags,
  /** seq = `to`'s RCV.NXT (read from the capture) + offset. */
  offset: integer,
}, {
  /** ack = `to`'s SND.NXT + ackOffset (default 0): an ACK that acknowledges too little or too much (RFC 9293 §3.10.7.3). */
  ackOffset: integer,
});
export type InjectStep = Infer<typeof shape>;

// inject.c's letters (harness/net/inject.c).
const FLAG_LETTER: Record<string, string> = { SYN: 'S', FIN: 'F', RST: 'R', PSH: 'P', ACK: 'A', URG: 'U' };

/** RST and SYN inside or outside the window (RFC 5961), without a misbehaving peer program. */
export const inject = defineOp({
  name: 'inject',
  shape,
  needs: { namespace: true, capture: true, injector: true },
  async run(step, ctx) {
    // RCV.NXT must count every segment sent so far: wait until the capture has read them all.
    const segments = await syncedSegments(ctx);
    if (!Array.isArray(segments)) return segments;
    const peer: Role = step.to === 'server' ? 'client' : 'server';
    // A peer that sent nothing yet (a SYN-ACK, or a RST, to a SYN nobody answered): its ISN is the harness's to choose, 0.
    const rcvNxt = nextSeqFrom(segments, peer) ?? (step.flags.includes('SYN') || step.flags.includes('RST') ? 0 : null);
    const sndNxt = nextSeqFrom(segments, step.to);
    const src = endpointOf(segments, peer);
    const dst = endpointOf(segments, step.to);
    if (rcvNxt === null || sndNxt === null || src === null || dst === null) {
      return trouble(`the capture holds no connection to inject into (segments: ${segments.length})`);
    }
    const seq = (rcvNxt + step.offset) >>> 0;
    const ack = (sndNxt + (step.ackOffset ?? 0)) >>> 0;
    const letters = step.flags.map((f) => FLAG_LETTER[f] ?? '').join('');
    const { record } = ctx;
    record.request = { ...record.request, src, dst, seq, ack };
    // When it ran, on the capture's clock: with the request, how the report tells this segment from the peer's (harness/capture/mark-injected.ts).
    const timing = startTiming();
    const sent = await ctx.machine.inject(peer, { src, dst, seq, ack, flags: letters });
    record.t = { start: timing.start, ms: timing.since() };
    record.ok = sent.ok;
    if (!sent.ok) return trouble(sent.reason);
    ctx.evidence[`${record.label}: injected`] = `${step.flags.join('+')} ${src} > ${dst} seq ${seq} (RCV.NXT ${step.offset >= 0 ? '+' : ''}${step.offset}) ack ${ack}${step.ackOffset === undefined ? '' : ` (SND.NXT ${step.ackOffset >= 0 ? '+' : ''}${step.ackOffset})`}`;
    return done();
  },
  words(r) {
    const named = Array.isArray(r.flags) ? r.flags.join('+') : 'segment';
    const offset = typeof r.offset === 'number' && r.offset !== 0 ? ` + ${r.offset}` : '';
    const ackOffset = typeof r.ackOffset === 'number' && r.ackOffset !== 0 ? `, acknowledging its SND.NXT ${r.ackOffset > 0 ? '+' : '-'} ${Math.abs(r.ackOffset)}` : '';
    return `a crafted ${named} reaches ${the(r.to)}, as if from its peer, at its RCV.NXT${offset}${ackOffset}`;
  },
});
