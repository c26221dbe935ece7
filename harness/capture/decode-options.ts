// Reads the options part of a TCP header into data: what each side announced and carried.
import type { MptcpOption, TcpOption } from '../result/tcp-option.ts';

/** Each known kind's one valid length (RFC 9293 §3.1, RFC 7323 §2.2/§3.2, RFC 2018 §2). */
const LENGTH: Record<number, number> = { 2: 4, 3: 3, 4: 2, 8: 10 };
const SACK_BLOCK = 8;

/**
 * The options in `bytes` (the header past its 20 fixed bytes), in order. A peer's odd option is a fact
 * about the peer, not a harness fault: an impossible length, or one past the header, ends the list with
 * a 'malformed' entry; a known kind with the wrong length is kept as 'unknown' with its length.
 */
export function decodeOptions(bytes: Buffer): TcpOption[] {
  const out: TcpOption[] = [];
  let at = 0;
  while (at < bytes.length) {
    const kind = bytes[at]!;
    if (kind === 0) {
      // RFC 9293 §3.1: End of Option List; what follows is padding.
      out.push({ kind: 0, name: 'eol' });
      break;
    }
    if (kind === 1) {
      out.push({ kind: 1, name: 'nop' });
      at += 1;
      continue;
    }
    const length = at + 1 < bytes.length ? bytes[at + 1]! : null;
    if (length === null || length < 2 || at + length > bytes.length) {
      out.push({ kind, name: 'malformed', length });
      break;
    }
    out.push(known(kind, bytes.subarray(at, at + length)) ?? { kind, name: 'unknown', length });
    at += length;
  }
  return out;
}

const MPTCP_SUBTYPES = ['capable', 'join', 'dss', 'add-addr', 'remove-addr', 'prio', 'fail', 'fastclose', 'tcprst'] as const;

/** RFC 8684 §3: kind 30, the subtype in the high nibble of byte 2; null when too short to have one. */
function mptcp(o: Buffer): MptcpOption | null {
  if (o.length < 3) return null;
  const n = o[2]! >> 4;
  const out: MptcpOption = { kind: 30, name: 'mptcp', subtype: MPTCP_SUBTYPES[n] ?? `subtype-${n}`, length: o.length };
  // §3.1: MP_CAPABLE's version is the low nibble (1 for RFC 8684, 0 for RFC 6824).
  if (n === 0) out.version = o[2]! & 0x0f;
  // §3.6: MP_TCPRST's reason code is its fourth byte.
  if (n === 8 && o.length >= 4) out.reason = o[3]!;
  if (n === 2 && o.length >= 4) Object.assign(out, dss(o));
  return out;
}

/** §3.3: DSS flags (F DATA_FIN 0x10, m 8-byte DSN 0x08, M DSN present 0x04, a 8-byte ack 0x02, A ack present 0x01), then ack, then mapping. */
function dss(o: Buffer): Partial<MptcpOption> {
  const flags = o[3]!;
  const out: Partial<MptcpOption> = {};
  let at = 4;
  const wide = (eight: boolean): string | null => {
    const size = eight ? 8 : 4;
    if (at + size > o.length) return null;
    const v = eight ? o.readBigUInt64BE(at).toString() : String(o.readUInt32BE(at));
    at += size;
    return v;
  };
  if (flags & 0x01) {
    const ack = wide((flags & 0x02) !== 0);
    if (ack === null) return out;
    out.dataAck = ack;
  }
  if (flags & 0x04) {
    const seq = wide((flags & 0x08) !== 0);
    if (seq === null || at + 6 > o.length) return out;
    out.dataSeq = seq;
    out.subflowSeq = o.readUInt32BE(at);
    out.dataLength = o.readUInt16BE(at + 4);
  }
  if (flags & 0x10) out.dataFin = true;
  return out;
}

function known(kind: number, o: Buffer): TcpOption | null {
  if (kind === 30) return mptcp(o);
  if (kind === 5) {
    const body = o.length - 2;
    if (body === 0 || body % SACK_BLOCK !== 0) return null;
    const blocks: [number, number][] = [];
    for (let i = 2; i < o.length; i += SACK_BLOCK) blocks.push([o.readUInt32BE(i), o.readUInt32BE(i + 4)]);
    return { kind: 5, name: 'sack', blocks };
  }
  if (LENGTH[kind] !== o.length) return null;
  switch (kind) {
    case 2: return { kind: 2, name: 'mss', mss: o.readUInt16BE(2) };
    case 3: return { kind: 3, name: 'wscale', shift: o[2]! };
    case 4: return { kind: 4, name: 'sackOK' };
    case 8: return { kind: 8, name: 'TS', val: o.readUInt32BE(2), ecr: o.readUInt32BE(6) };
    default: return null;
  }
}
