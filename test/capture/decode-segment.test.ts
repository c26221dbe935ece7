import t from 'tap';
import { decodeSegment } from '../../harness/capture/decode-segment.ts';

interface Tcp {
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  flags: number;
  win?: number;
  payload?: number;
  /** TCP options bytes (a multiple of 4). */
  options?: number;
}

const FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

const tcpHeader = (s: Tcp): Buffer => {
  const options = s.options ?? 0;
  const h = Buffer.alloc(20 + options);
  h.writeUInt16BE(s.sport, 0);
  h.writeUInt16BE(s.dport, 2);
  h.writeUInt32BE(s.seq, 4);
  h.writeUInt32BE(s.ack ?? 0, 8);
  h[12] = ((20 + options) / 4) << 4;
  h[13] = s.flags;
  h.writeUInt16BE(s.win ?? 65495, 14);
  return Buffer.concat([h, Buffer.alloc(s.payload ?? 0, 0x61)]);
};

const ipv4 = (src: number[], dst: number[], proto: number, payload: Buffer, fragOffset = 0): Buffer => {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payload.length, 2);
  h.writeUInt16BE(fragOffset, 6);
  h[8] = 64;
  h[9] = proto;
  h.set(src, 12);
  h.set(dst, 16);
  return Buffer.concat([h, payload]);
};

const ipv6 = (src: Buffer, dst: Buffer, next: number, payload: Buffer): Buffer => {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(payload.length, 4);
  h[6] = next;
  h[7] = 64;
  src.copy(h, 8);
  dst.copy(h, 24);
  return Buffer.concat([h, payload]);
};

const LOOP4 = [127, 0, 0, 1];
const LOOP6 = Buffer.from('00000000000000000000000000000001', 'hex');
const MAPPED = Buffer.from('00000000000000000000ffff7f000001', 'hex');

t.test('IPv4 SYN with options', async (t) => {
  const packet = ipv4(LOOP4, [127, 0, 0, 2], 6, tcpHeader({ sport: 40000, dport: 5000, seq: 123456789, flags: SYN, options: 20 }));
  t.same(decodeSegment(packet, 1000.5), {
    time: 1000.5, src: '127.0.0.1:40000', dst: '127.0.0.2:5000', flags: ['SYN'], seq: 123456789, ack: 0, win: 65495, len: 0,
    // 20 zero bytes of options: an End of Option List, then padding.
    options: [{ kind: 0, name: 'eol' }],
  });
});

t.test('payload length comes from the IP lengths, not the captured bytes', async (t) => {
  const packet = ipv4(LOOP4, LOOP4, 6, tcpHeader({ sport: 1, dport: 2, seq: 7, ack: 9, flags: PSH | ACK, payload: 1000, options: 12 }));
  const snapped = packet.subarray(0, 256);
  const segment = decodeSegment(snapped, 0, packet.length);
  t.equal(segment?.len, 1000);
  t.same(segment?.flags, ['PSH', 'ACK']);
  t.equal(segment?.ack, 9);
});

t.test('flags in tcpdump order', async (t) => {
  const flagsOf = (bits: number) => decodeSegment(ipv4(LOOP4, LOOP4, 6, tcpHeader({ sport: 1, dport: 2, seq: 0, flags: bits })), 0)?.flags;
  t.same(flagsOf(0xff), ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR']);
  t.same(flagsOf(RST | ACK), ['RST', 'ACK']);
  t.same(flagsOf(FIN | ACK), ['FIN', 'ACK']);
  t.same(flagsOf(SYN | ACK), ['SYN', 'ACK']);
  t.same(flagsOf(0), []);
});

t.test('seq and ack use the full unsigned 32-bit range', async (t) => {
  const s = decodeSegment(ipv4(LOOP4, LOOP4, 6, tcpHeader({ sport: 1, dport: 2, seq: 0xfffffffe, ack: 0x80000000, flags: ACK })), 0);
  t.equal(s?.seq, 0xfffffffe);
  t.equal(s?.ack, 0x80000000);
});

t.test('IPv6 addresses are bracketed and printed the inet_ntop way', async (t) => {
  const s = decodeSegment(ipv6(LOOP6, MAPPED, 6, tcpHeader({ sport: 443, dport: 50000, seq: 1, ack: 2, flags: RST | ACK, win: 0 })), 5);
  t.same(s, { time: 5, src: '[::1]:443', dst: '[::ffff:127.0.0.1]:50000', flags: ['RST', 'ACK'], seq: 1, ack: 2, win: 0, len: 0, options: [] });
});

t.test('IPv6 extension headers are skipped; the payload length still counts them out', async (t) => {
  const tcp = tcpHeader({ sport: 1, dport: 2, seq: 3, flags: PSH | ACK, payload: 5 });
  const hopByHop = Buffer.from([6, 0, 0, 0, 0, 0, 0, 0]);
  const s = decodeSegment(ipv6(LOOP6, LOOP6, 0, Buffer.concat([hopByHop, tcp])), 0);
  t.equal(s?.len, 5);
  t.equal(s?.src, '[::1]:1');
  const laterFragment = Buffer.from([6, 0, 0x00, 0x08, 0, 0, 0, 1]);
  t.equal(decodeSegment(ipv6(LOOP6, LOOP6, 44, Buffer.concat([laterFragment, tcp])), 0), null, 'non-first fragment');
  const firstFragment = Buffer.from([6, 0, 0x00, 0x01, 0, 0, 0, 1]);
  t.equal(decodeSegment(ipv6(LOOP6, LOOP6, 44, Buffer.concat([firstFragment, tcp])), 0)?.seq, 3, 'first fragment');
});

t.test('BIG TCP packets (IP length 0) take their length from the capture', async (t) => {
  const v4 = ipv4(LOOP4, LOOP4, 6, tcpHeader({ sport: 1, dport: 2, seq: 0, flags: ACK, payload: 100 }));
  v4.writeUInt16BE(0, 2);
  t.equal(decodeSegment(v4.subarray(0, 60), 0, 70_000)?.len, 70_000 - 40);
  const v6 = ipv6(LOOP6, LOOP6, 6, tcpHeader({ sport: 1, dport: 2, seq: 0, flags: ACK, payload: 100 }));
  v6.writeUInt16BE(0, 4);
  t.equal(decodeSegment(v6.subarray(0, 80), 0, 70_000)?.len, 70_000 - 60);
});

t.test('not TCP: null', async (t) => {
  const udp = Buffer.alloc(8);
  t.equal(decodeSegment(ipv4(LOOP4, LOOP4, 17, udp), 0), null, 'UDP');
  t.equal(decodeSegment(ipv4(LOOP4, LOOP4, 6, tcpHeader({ sport: 1, dport: 2, seq: 0, flags: 0 }), 185), 0), null, 'IPv4 fragment');
  t.equal(decodeSegment(ipv6(LOOP6, LOOP6, 58, Buffer.alloc(8)), 0), null, 'ICMPv6');
  t.equal(decodeSegment(Buffer.from([0x50, 0, 0, 0]), 0), null, 'IP version 5');
  t.equal(decodeSegment(Buffer.alloc(0), 0), null, 'empty');
});

t.test('a TCP packet cut inside its headers is a harness fault', async (t) => {
  const packet = ipv4(LOOP4, LOOP4, 6, tcpHeader({ sport: 1, dport: 2, seq: 0, flags: SYN }));
  t.throws(() => decodeSegment(packet.subarray(0, 30), 0), /Truncated TCP header: 10 of 20/);
  t.throws(() => decodeSegment(packet.subarray(0, 12), 0), /Truncated IPv4 header/);
});
