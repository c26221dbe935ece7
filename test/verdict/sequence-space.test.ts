// The pattern's seq 'snd.nxt' and ack 'rcv.nxt' (judged against what each side had sent before the segment), and `injected`.
import t from 'tap';
import { checkRule, matchesPattern } from '../../harness/verdict/check-wire.ts';
import { nextSeqBefore } from '../../harness/verdict/sequence-space.ts';
import { describeWireRule } from '../../harness/case/describe-wire-rule.ts';
import type { SegmentPattern } from '../../harness/case/case-types.ts';
import type { Segment } from '../../harness/result/case-result.ts';

const C = '127.0.0.1:40000';
const S = '127.0.0.1:5000';
const seg = (from: Segment['from'], flags: string[], seq: number, ack = 0, len = 0, injected = false): Segment => ({
  time: 0, from, src: from === 'server' ? S : C, dst: from === 'server' ? C : S, flags, seq, ack, relSeq: 0, relAck: 0, win: 65495, len,
  ...(injected ? { injected: true as const } : {}),
});

// close/unread-data-sends-rst as captured here: 28 unread bytes, then the server's RST+ACK (client ISN 1000, server ISN 5000).
const unread = [
  seg('client', ['SYN'], 1000), seg('server', ['SYN', 'ACK'], 5000, 1001), seg('client', ['ACK'], 1001, 5001),
  seg('client', ['PSH', 'ACK'], 1001, 5001, 28), seg('server', ['ACK'], 5001, 1029), seg('server', ['RST', 'ACK'], 5001, 1029),
];
const rstNumbers: SegmentPattern = { from: 'server', flags: ['RST', 'ACK'], seq: 'snd.nxt', ack: 'rcv.nxt' };

t.test('SND.NXT counts SYN and FIN as one each, data by its length, and nothing after the segment', async (t) => {
  t.equal(nextSeqBefore(unread, 'client', 6), 1029, 'SYN (1) + 28 bytes');
  t.equal(nextSeqBefore(unread, 'server', 5), 5001, 'the SYN-ACK only');
  t.equal(nextSeqBefore(unread, 'client', 3), 1001, 'before the data');
  t.equal(nextSeqBefore(unread, 'server', 0), null, 'nothing sent yet');
  const fin = [seg('client', ['SYN'], 1000), seg('client', ['FIN', 'ACK'], 1001, 0, 9)];
  t.equal(nextSeqBefore(fin, 'client', 2), 1011, '9 bytes and a FIN');
  const wrapped = [seg('client', ['SYN'], 0xffff_fffe), seg('client', ['PSH', 'ACK'], 0xffff_ffff, 0, 4)];
  t.equal(nextSeqBefore(wrapped, 'client', 2), 3, 'modulo 2^32');
});

t.test('a RST at SND.NXT acknowledging RCV.NXT matches; one off in either number does not', async (t) => {
  t.ok(matchesPattern(rstNumbers, unread[5]!, unread));
  const ackOff = [...unread.slice(0, 5), seg('server', ['RST', 'ACK'], 5001, 1030)];
  t.notOk(matchesPattern(rstNumbers, ackOff[5]!, ackOff), 'ack one past RCV.NXT');
  const ackShort = [...unread.slice(0, 5), seg('server', ['RST', 'ACK'], 5001, 1001)];
  t.notOk(matchesPattern(rstNumbers, ackShort[5]!, ackShort), 'ack not covering the unread bytes');
  const seqOff = [...unread.slice(0, 5), seg('server', ['RST', 'ACK'], 5000, 1029)];
  t.notOk(matchesPattern(rstNumbers, seqOff[5]!, seqOff), 'seq one before SND.NXT');
  t.same(checkRule({ rule: 'present', segment: rstNumbers }, ackOff), {
    at: 'wire', wanted: 'a segment server [RST, ACK] seq snd.nxt ack rcv.nxt',
    found: 'client [SYN] seq 1000 ack 0 len 0; server [SYN, ACK] seq 5000 ack 1001 len 0; client [ACK] seq 1001 ack 5001 len 0; client [PSH, ACK] seq 1001 ack 5001 len 28; server [ACK] seq 5001 ack 1029 len 0; server [RST, ACK] seq 5001 ack 1030 len 0',
  });
});

t.test('segments the harness injected, and RSTs, are not the side\'s own sequence space', async (t) => {
  // rst/challenge-ack-in-window: the forged RST 1000 past RCV.NXT, then the client's challenge ACK.
  const flow = [
    seg('client', ['SYN'], 1000), seg('server', ['SYN', 'ACK'], 5000, 1001), seg('client', ['ACK'], 1001, 5001),
    seg('server', ['PSH', 'ACK'], 5001, 1001, 5), seg('client', ['ACK'], 1001, 5006),
    seg('server', ['RST'], 6006, 0, 0, true), seg('client', ['ACK'], 1001, 5006),
  ];
  const challenge: SegmentPattern = { from: 'client', flags: ['ACK'], data: false, seq: 'snd.nxt', ack: 'rcv.nxt' };
  t.ok(matchesPattern(challenge, flow[6]!, flow), 'ack 5006: RCV.NXT, not the forged RST');
  const injectedData = [...flow.slice(0, 5), seg('server', ['PSH', 'ACK'], 5006, 1001, 10, true), seg('client', ['ACK'], 1001, 5006)];
  t.ok(matchesPattern(challenge, injectedData[6]!, injectedData), 'injected data does not move the server\'s SND.NXT');
  t.ok(matchesPattern({ from: 'server', injected: true }, flow[5]!, flow));
  t.notOk(matchesPattern({ from: 'server', injected: false }, flow[5]!, flow));
  t.ok(matchesPattern({ from: 'server', injected: false }, flow[3]!, flow));
  t.equal(checkRule({ rule: 'absent', segment: { from: 'server', injected: false } }, [flow[0]!, flow[5]!]), null, 'only an injected segment: absent holds');
});

t.test('in words', async (t) => {
  t.equal(describeWireRule({ rule: 'present', segment: rstNumbers }),
    'the server sends a RST+ACK with seq = its SND.NXT (just past all it had sent) and ack = its RCV.NXT (just past all the client had sent)');
  t.equal(describeWireRule({ rule: 'absent', segment: { from: 'server', injected: false } }),
    'the server sends nothing of its own (only what the harness injected in its name)');
});

t.test('a keep-alive probe is at SND.NXT - 1; the handshake ACK (SND.NXT) and a RST do not match', async (t) => {
  // timeout/keepalive-finds-dead-peer as captured here: the handshake, two probes, then the RST at SND.NXT.
  const flow = [
    seg('client', ['SYN'], 1000), seg('server', ['SYN', 'ACK'], 5000, 1001), seg('client', ['ACK'], 1001, 5001),
    seg('client', ['ACK'], 1000, 5001), seg('client', ['ACK'], 1000, 5001), seg('client', ['RST', 'ACK'], 1001, 5001),
  ];
  const probe: SegmentPattern = { from: 'client', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'], seq: 'snd.nxt-1', data: false };
  t.same(flow.map((s) => matchesPattern(probe, s, flow)), [false, false, false, true, true, false], 'the two probes only');
  const dataProbe = [...flow.slice(0, 3), seg('client', ['PSH', 'ACK'], 1001, 5001, 1), seg('client', ['ACK'], 1001, 5001)];
  t.ok(matchesPattern(probe, dataProbe[4]!, dataProbe), 'after a byte sent, SND.NXT - 1 moves with it');
  t.notOk(matchesPattern(probe, flow[3]!, [flow[3]!]), 'nothing sent before it: no SND.NXT to be one before');
  t.equal(describeWireRule({ rule: 'present', segment: { from: 'client', seq: 'snd.nxt-1', data: false } }),
    'the client sends a segment with seq = its SND.NXT - 1 (one before all it had sent: a keep-alive probe) and carrying no data');
  t.match(describeWireRule({ rule: 'present', segment: { from: 'client', flags: ['FIN'], seq: 'snd.nxt-1' } }), /seq = its SND\.NXT - 1 \(one before all it had sent: its FIN sent again\)/,
    'a FIN at SND.NXT - 1 is described as that FIN sent again, not as a probe');
});

t.test('a FIN sent again is at SND.NXT - 1 (the FIN took the last number); the first FIN is not', async (t) => {
  // close/linger-positive-blocks's second connection: the FIN, the server's ACK (dropped at the client), the FIN again.
  const flow = [
    seg('client', ['SYN'], 1000), seg('server', ['SYN', 'ACK'], 5000, 1001), seg('client', ['ACK'], 1001, 5001),
    seg('client', ['FIN', 'ACK'], 1001, 5001), seg('server', ['ACK'], 5001, 1002), seg('client', ['FIN', 'ACK'], 1001, 5001),
  ];
  const again: SegmentPattern = { from: 'client', flags: ['FIN'], seq: 'snd.nxt-1' };
  t.same(flow.map((s) => matchesPattern(again, s, flow)), [false, false, false, false, false, true], 'the retransmission only');
});
