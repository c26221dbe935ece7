// The pieces the case format, the runtime expectation format and the harness ops share: each a check whose type is inferred.
import { bool, custom, listOf, nonNegInt, oneOf, posInt, recordOf, shape, str, strOrNull, tagged, text, want, type Infer, type Schema } from './shape-checks.ts';

/** Roles that own sockets; `harness` steps are done by the harness itself (e.g. listing sockets). */
export const role = oneOf('server', 'client');
export type Role = Infer<typeof role>;

/** TCP header flags, in tcpdump's order (RFC 9293 §3.1). */
export const FLAGS = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as const;
// Typed as plain strings, as segments' flags are: runtime layers build patterns in untyped arrays.
export const flags: Schema<string[]> = listOf(oneOf(...FLAGS), true);

/** What a step should observe; every listed field must hold. */
export const expectShape = shape({}, {
  /** The call succeeds. */
  ok: bool,
  /** The call fails with this portable errno name (ECONNRESET); `null`: fails with no errno. */
  error: strOrNull,
  /** The runtime's own name for the error (ERR_SOCKET_CLOSED, ConnectionResetError). */
  errorName: str,
  /** Whether the runtime made the error up without a failing syscall. */
  synthesized: bool,
  /** A read returns end of stream. */
  eof: bool,
  /** A read returns exactly these bytes (latin1). */
  data: text,
  /** The kernel's TCP state (the `state` op). */
  state: str,
  /** The call took at least / at most this long, ms, as the agent timed it (the reply's `t.ms`): a close that lingers. */
  minMs: nonNegInt,
  maxMs: nonNegInt,
});
export type Expect = Infer<typeof expectShape>;

/** A segment pattern: every listed field must hold. */
export const segmentPattern = shape({ from: role }, {
  /** The segment carries at least these flags. */
  flags,
  /** ...and none of these. */
  notFlags: flags,
  /**
   * An absolute number; 'acked': the ack of the other side's latest segment before this one (RFC 9293 §3.10.7.1 RST format);
   * 'snd.nxt': just past everything this side had sent before it (RFC 9293 §3.3.1 SND.NXT; injected segments and RSTs not counted);
   * 'snd.nxt-1': one before that, a keep-alive probe's (RFC 1122 §4.2.3.6).
   */
  seq: custom<number | 'acked' | 'snd.nxt' | 'snd.nxt-1'>((v, k, out) => { if (v !== 'acked' && v !== 'snd.nxt' && v !== 'snd.nxt-1') nonNegInt(v, k, out); }),
  /** An absolute number; 'isn+1': the other side's SYN sequence number plus one; 'rcv.nxt': just past everything the other side had sent before it (its SND.NXT, this side's RCV.NXT). */
  ack: custom<number | 'isn+1' | 'rcv.nxt'>((v, k, out) => { if (v !== 'isn+1' && v !== 'rcv.nxt' && !Number.isInteger(v)) want(out, k, "an integer, 'isn+1' or 'rcv.nxt'", v); }),
  /** true: carries payload; false: carries none. */
  data: bool,
  /** true: only a segment the harness injected in this side's name; false: only the side's own. */
  injected: bool,
});
export type SegmentPattern = Infer<typeof segmentPattern>;

const why = { why: str };
/** Wire assertions, checked when a capture is available (skipped with a reason otherwise). */
export const wireRule = tagged('rule', {
  present: shape({ rule: oneOf('present'), segment: segmentPattern }, why),
  absent: shape({ rule: oneOf('absent'), segment: segmentPattern }, why),
  sequence: shape({ rule: oneOf('sequence'), segments: listOf(segmentPattern, true) }, why),
  /** After the first `after` segment, `role` sends nothing at all during quietMs. */
  'silent-after': shape({ rule: oneOf('silent-after'), after: segmentPattern, role, quietMs: posInt }, why),
  /** How many segments match (SYN retransmissions, one challenge ACK); their times are kept as evidence. */
  count: shape({ rule: oneOf('count'), segment: segmentPattern }, { min: nonNegInt, max: nonNegInt, ...why }),
}, "one of 'present', 'absent', 'sequence', 'silent-after', 'count'");
export type WireRule = Infer<typeof wireRule>;

/** Options merged into a role's listen/connect requests (e.g. Node's pauseOnConnect). */
export const roleOptions = shape({}, { server: recordOf(bool), client: recordOf(bool) });
export type RoleOptions = Infer<typeof roleOptions>;

/** An address family a run uses (--family): harness/case/family.ts's Family, checked here with the rest of the case format. */
export const family = oneOf('ipv4', 'ipv6');
export type CaseFamily = Infer<typeof family>;
/** A divergence's families: it holds only on runs over one of these (absent: every family). */
export const families = listOf(family, true);

/** The platforms a case file's divergence (a platform note) may name. */
export const platform = oneOf('linux', 'darwin', 'win32', 'freebsd');

/** What every divergence says, in a case file or a runtime's layer: whether it was measured, why, and where from. */
export const divergenceCore = {
  /** false: stated from sources, not measured by a real run. */
  verified: bool,
  reason: str,
  source: str,
};
/** What a divergence changes: step label → what is observed instead, and wire rules that replace the case's. */
export const divergenceChanges = { steps: recordOf(expectShape), wire: listOf(wireRule) };
