// A connection's sequence space read off captured segments: what each side has sent, and where it is.
import t from 'tap';
import { endpointOf, latestConnection, nextSeqFrom } from '../../../harness/case/ops/connection-state.ts';
import type { Segment } from '../../../harness/result/case-result.ts';

const C = '127.0.0.1:40000';
const S = '127.0.0.1:5000';
const seg = (from: Segment['from'], flags: string[], seq: number, ack = 0, len = 0): Segment => ({
  time: 0, from, src: from === 'client' ? C : S, dst: from === 'client' ? S : C, flags, seq, ack, relSeq: 0, relAck: 0, win: 65495, len,
});

// Handshake (ISNs 1000 and 9000), 5 bytes each way, then the server's FIN.
const conn = [
  seg('client', ['SYN'], 1000),
  seg('server', ['SYN', 'ACK'], 9000, 1001),
  seg('client', ['ACK'], 1001, 9001),
  seg('client', ['PSH', 'ACK'], 1001, 9001, 5),
  seg('server', ['PSH', 'ACK'], 9001, 1006, 5),
  seg('server', ['FIN', 'ACK'], 9006, 1006),
];

t.test('nextSeqFrom: a SYN counts one', async (t) => {
  t.equal(nextSeqFrom(conn.slice(0, 1), 'client'), 1001);
  t.equal(nextSeqFrom(conn.slice(0, 2), 'server'), 9001);
});

t.test('nextSeqFrom: data counts its length; a bare ACK counts nothing', async (t) => {
  t.equal(nextSeqFrom(conn.slice(0, 3), 'client'), 1001, 'the handshake ACK carries no sequence space');
  t.equal(nextSeqFrom(conn.slice(0, 4), 'client'), 1006, '5 bytes after the SYN');
  t.equal(nextSeqFrom(conn.slice(0, 5), 'server'), 9006);
});

t.test('nextSeqFrom: a FIN counts one', async (t) => {
  t.equal(nextSeqFrom(conn, 'server'), 9007);
  t.equal(nextSeqFrom([...conn, seg('client', ['FIN', 'ACK'], 1006, 9007)], 'client'), 1007);
  t.equal(nextSeqFrom([seg('client', ['FIN', 'PSH', 'ACK'], 1006, 0, 3)], 'client'), 1010, 'data and FIN in one segment: length plus one');
});

t.test('nextSeqFrom: RSTs are ignored', async (t) => {
  t.equal(nextSeqFrom([...conn, seg('client', ['RST'], 5000000)], 'client'), 1006, 'a RST far ahead does not move it');
  t.equal(nextSeqFrom([...conn, seg('server', ['RST', 'ACK'], 9007, 1006)], 'server'), 9007);
  t.equal(nextSeqFrom([seg('server', ['RST', 'ACK'], 0, 1001)], 'server'), null, 'a side that only sent RSTs has no sequence space');
});

t.test('nextSeqFrom: null for a side that sent nothing; other sides do not count', async (t) => {
  t.equal(nextSeqFrom([], 'client'), null);
  t.equal(nextSeqFrom(conn.slice(0, 1), 'server'), null);
  t.equal(nextSeqFrom([seg('unknown', ['SYN'], 7)], 'client'), null, 'an unlabelled segment belongs to neither side');
});

t.test('nextSeqFrom: a retransmission or a late, older segment does not move it back', async (t) => {
  t.equal(nextSeqFrom([...conn.slice(0, 4), seg('client', ['PSH', 'ACK'], 1001, 9001, 5)], 'client'), 1006, 'retransmitted data');
  t.equal(nextSeqFrom([...conn.slice(0, 4), seg('client', ['SYN'], 1000)], 'client'), 1006, 'a retransmitted SYN after data');
});

t.test('nextSeqFrom: sequence numbers wrap at 2^32 (serial arithmetic, RFC 9293 §3.4)', async (t) => {
  const top = 2 ** 32 - 1;
  t.equal(nextSeqFrom([seg('client', ['SYN'], top)], 'client'), 0, 'a SYN at 2^32-1 ends at 0');
  const wrapped = [seg('client', ['SYN'], top), seg('client', ['PSH', 'ACK'], 0, 0, 10)];
  t.equal(nextSeqFrom(wrapped, 'client'), 10, '10 is after 0 across the wrap');
  t.equal(nextSeqFrom([seg('client', ['PSH', 'ACK'], top - 2, 0, 10)], 'client'), 7, 'data that straddles the wrap');
  t.equal(nextSeqFrom([...wrapped, seg('client', ['PSH', 'ACK'], top - 100, 0, 50)], 'client'), 10,
    'an older segment just below 2^32 is before 10, though numerically larger');
  t.equal(nextSeqFrom([seg('client', ['ACK'], 10), seg('client', ['ACK'], 10 + 2 ** 31 - 1)], 'client'), 10 + 2 ** 31 - 1,
    'less than 2^31 ahead is after');
  t.equal(nextSeqFrom([seg('client', ['ACK'], 10 + 2 ** 31 + 1), seg('client', ['ACK'], 10)], 'client'), 10,
    'more than 2^31 ahead is before: 10 is after 2^31+11');
});

t.test('endpointOf: from a segment the role sent (its source)', async (t) => {
  t.equal(endpointOf(conn, 'client'), C);
  t.equal(endpointOf(conn, 'server'), S);
  t.equal(endpointOf([seg('server', ['RST', 'ACK'], 0, 1001)], 'server'), S, 'a RST still names its sender');
});

t.test('endpointOf: from a segment the role received (its destination)', async (t) => {
  t.equal(endpointOf(conn.slice(0, 1), 'server'), S, 'the server sent nothing yet: the client\'s SYN was addressed to it');
  t.equal(endpointOf([seg('server', ['RST', 'ACK'], 0, 1001)], 'client'), C);
  t.equal(endpointOf([seg('unknown', ['SYN'], 1)], 'server'), null, 'an unlabelled segment is nobody\'s peer');
  t.equal(endpointOf([], 'client'), null);
});

t.test('a second connection: the latest one (its last labelled segment\'s 4-tuple) is read', async (t) => {
  const C2 = '127.0.0.1:40002';
  const on2 = (s: Segment): Segment => (s.from === 'client' ? { ...s, src: C2 } : { ...s, dst: C2 });
  // The second connection's ISNs (500 and 70000) are before the first's: a reading over both would keep the first's.
  const second = [seg('client', ['SYN'], 500), seg('server', ['SYN', 'ACK'], 70000, 501), seg('client', ['FIN', 'ACK'], 501, 70001)].map(on2);
  t.equal(nextSeqFrom([...conn, ...second], 'client'), 502, 'the client\'s SYN and FIN on the second connection');
  t.equal(nextSeqFrom([...conn, ...second], 'server'), 70001);
  t.equal(endpointOf([...conn, ...second], 'client'), C2);
  t.equal(endpointOf([...conn, ...second], 'server'), S);
  t.equal(nextSeqFrom([...second, ...conn], 'client'), 1006, 'the first connection again when its segments come last');
  t.equal(latestConnection([seg('unknown', ['SYN'], 1)]).length, 1, 'no labelled segment: everything, as before');
});
