// Reads the options part of a TCP header into data: what each side announced and carried.
import type { TcpOption } from '../result/tcp-option.ts';

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

function known(kind: number, o: Buffer): TcpOption | null {
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
