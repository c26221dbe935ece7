import t from 'tap';
import type { Segment } from '../../harness/result/case-result.ts';
import { formatSegment, formatSegments } from '../../harness/result/format-segment.ts';

const base: Segment = {
  time: 1000, from: 'client', src: '127.0.0.1:40000', dst: '127.0.0.1:5000', flags: ['SYN'],
  seq: 123456789, ack: 0, relSeq: 0, relAck: 0, win: 65495, len: 0,
};

t.test('SYN from the client', async (t) => {
  t.equal(formatSegment(base, 999.877), '+0.123ms client > server [SYN] seq 0 win 65495 len 0 (abs seq 123456789)');
});

t.test('RST+ACK shows ack, relative and absolute', async (t) => {
  const rst: Segment = { ...base, from: 'server', flags: ['RST', 'ACK'], seq: 0, ack: 123456790, relAck: 1, win: 0, time: 1000.25 };
  t.equal(formatSegment(rst, 1000), '+0.250ms server > client [RST, ACK] seq 0 ack 1 win 0 len 0 (abs seq 0 ack 123456790)');
});

t.test('unknown sender: addresses instead of roles; times before the origin', async (t) => {
  t.equal(formatSegment({ ...base, from: 'unknown' }, 1002), '-2.000ms 127.0.0.1:40000 > 127.0.0.1:5000 [SYN] seq 0 win 65495 len 0 (abs seq 123456789)');
});

t.test('a list is timed from its first segment', async (t) => {
  t.same(formatSegments([base, { ...base, time: 1001.5 }]).map((l) => l.slice(0, 9)), ['+0.000ms ', '+1.500ms ']);
  t.same(formatSegments([]), []);
});
