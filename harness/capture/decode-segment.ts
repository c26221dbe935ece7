// Turns one captured IP packet into the TCP fields the wire assertions are written in.
import { SocketAddress } from 'node:net';
import type { Segment } from '../result/case-result.ts';
import { decodeOptions } from './decode-options.ts';

/** A decoded segment before the harness knows which side sent it, what the SYNs agreed on, or who injected it. */
export type RawSegment = Omit<Segment, 'from' | 'relSeq' | 'relAck' | 'winScale' | 'winBytes' | 'injected'>;

/** tcpdump's order and names; bit values from RFC 9293 §3.1 (header format). */
const FLAG_BITS: [string, number][] = [
  ['SYN', 0x02], ['FIN', 0x01], ['RST', 0x04], ['PSH', 0x08],
  ['ACK', 0x10], ['URG', 0x20], ['ECE', 0x40], ['CWR', 0x80],
];

const TCP = 6;
const TCP_MIN_HEADER = 20;
/** IPv6 extension headers that may stand between the fixed header and TCP. */
const IPV6_HOP_BY_HOP = 0;
const IPV6_ROUTING = 43;
const IPV6_FRAGMENT = 44;
const IPV6_AUTH = 51;
const IPV6_DEST_OPTS = 60;

interface IpLayer {
  src: string;
  dst: string;
  /** Where TCP starts in the packet, and how many bytes the IP lengths give it. */
  tcpStart: number;
  tcpBytes: number;
}

/**
 * Decodes a LINKTYPE_RAW packet; null when it is not (the first fragment of) TCP.
 * `origLen` (the packet's real length) only matters for BIG TCP packets, whose IP length
 * field is 0.
 */
export function decodeSegment(packet: Buffer, time: number, origLen = packet.length): RawSegment | null {
  if (packet.length < 1) return null;
  const version = packet[0]! >> 4;
  const ip = version === 4 ? ipv4(packet, origLen) : version === 6 ? ipv6(packet, origLen) : null;
  if (ip === null) return null;
  const tcp = packet.subarray(ip.tcpStart);
  if (tcp.length < TCP_MIN_HEADER) {
    throw new Error(`Truncated TCP header: ${tcp.length} of ${TCP_MIN_HEADER} bytes captured`);
  }
  const headerBytes = (tcp[12]! >> 4) * 4;
  const bits = tcp[13]!;
  return {
    time,
    src: endpoint(ip.src, tcp.readUInt16BE(0), version),
    dst: endpoint(ip.dst, tcp.readUInt16BE(2), version),
    flags: FLAG_BITS.filter(([, bit]) => (bits & bit) !== 0).map(([name]) => name),
    seq: tcp.readUInt32BE(4),
    ack: tcp.readUInt32BE(8),
    win: tcp.readUInt16BE(14),
    len: Math.max(0, ip.tcpBytes - headerBytes),
    // RFC 9293 §3.1: options fill the header from byte 20 to its Data Offset.
    options: decodeOptions(tcp.subarray(TCP_MIN_HEADER, Math.max(TCP_MIN_HEADER, Math.min(headerBytes, tcp.length)))),
  };
}

function ipv4(packet: Buffer, origLen: number): IpLayer | null {
  if (packet.length < 20) throw new Error(`Truncated IPv4 header: ${packet.length} bytes`);
  const headerBytes = (packet[0]! & 0x0f) * 4;
  if (headerBytes < 20) throw new Error(`Malformed IPv4 header: header length ${headerBytes}`);
  const fragmentOffset = packet.readUInt16BE(6) & 0x1fff;
  if (packet[9] !== TCP || fragmentOffset !== 0) return null;
  return {
    src: packet.subarray(12, 16).join('.'),
    dst: packet.subarray(16, 20).join('.'),
    tcpStart: headerBytes,
    tcpBytes: (packet.readUInt16BE(2) || origLen) - headerBytes,
  };
}

function ipv6(packet: Buffer, origLen: number): IpLayer | null {
  if (packet.length < 40) throw new Error(`Truncated IPv6 header: ${packet.length} bytes`);
  let next = packet[6]!;
  let at = 40;
  while (next !== TCP) {
    if (packet.length < at + 8) return null;
    if (next === IPV6_FRAGMENT) {
      if ((packet.readUInt16BE(at + 2) & 0xfff8) !== 0) return null;
      next = packet[at]!;
      at += 8;
    } else if (next === IPV6_HOP_BY_HOP || next === IPV6_ROUTING || next === IPV6_DEST_OPTS) {
      next = packet[at]!;
      at += (packet[at + 1]! + 1) * 8;
    } else if (next === IPV6_AUTH) {
      next = packet[at]!;
      at += (packet[at + 1]! + 2) * 4;
    } else {
      return null;
    }
  }
  return {
    src: formatIpv6(packet.subarray(8, 24)),
    dst: formatIpv6(packet.subarray(24, 40)),
    tcpStart: at,
    tcpBytes: (packet.readUInt16BE(4) === 0 ? origLen : 40 + packet.readUInt16BE(4)) - at,
  };
}

/** inet_ntop's canonical text (RFC 5952), as tcpdump prints it: "::1", "::ffff:127.0.0.1". */
function formatIpv6(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return new SocketAddress({ address: groups.join(':'), family: 'ipv6' }).address;
}

function endpoint(address: string, port: number, version: number): string {
  return version === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}
