import t from 'tap';
import type { SegmentPattern } from '../../../harness/case/case-types.ts';
import { describeSegment, describeWireRule } from '../../../harness/report/html/describe-wire-rule.ts';

t.test('a segment pattern in words: flags, sender, and each constraint', async (t) => {
  t.equal(describeSegment({ from: 'server', flags: ['RST', 'ACK'] }), 'a [RST, ACK] segment from the server');
  t.equal(describeSegment({ from: 'client' }), 'a segment from the client');
  t.equal(describeSegment({ from: 'client', flags: ['RST'], notFlags: ['ACK'], seq: 'acked', ack: 'isn+1', data: false }),
    "a [RST] segment from the client (without [ACK], seq = the last ack it received, ack = the server's ISN + 1, no data)");
  t.equal(describeSegment({ from: 'server', seq: 0, ack: 7, data: true }), 'a segment from the server (seq 0, ack 7, carrying data)');
});

t.test('each kind of rule is one sentence', async (t) => {
  const rst: SegmentPattern = { from: 'server', flags: ['RST'] };
  const data: SegmentPattern = { from: 'server', data: true };
  t.equal(describeWireRule({ rule: 'present', segment: rst }), 'The wire carries a [RST] segment from the server.');
  t.equal(describeWireRule({ rule: 'absent', segment: { from: 'server', flags: ['FIN'] } }), 'The wire never carries a [FIN] segment from the server.');
  t.equal(describeWireRule({ rule: 'sequence', segments: [data, rst] }),
    'In this order: a segment from the server (carrying data); then a [RST] segment from the server.');
  t.equal(describeWireRule({ rule: 'silent-after', after: rst, role: 'client', quietMs: 300 }),
    'After a [RST] segment from the server, the client sends nothing (watched for 300 ms).');
  t.equal(describeWireRule({ rule: 'count', segment: rst, min: 1, max: 1 }), 'Exactly 1 [RST] segment from the server.');
  t.equal(describeWireRule({ rule: 'count', segment: rst, min: 2, max: 4 }), '2 to 4 [RST] segments from the server.');
  t.equal(describeWireRule({ rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 3 }), 'At least 3 [SYN] segments from the client.');
  t.equal(describeWireRule({ rule: 'count', segment: rst, min: 1 }), 'At least 1 [RST] segment from the server.');
  t.equal(describeWireRule({ rule: 'count', segment: rst, max: 2 }), 'At most 2 [RST] segments from the server.');
  t.equal(describeWireRule({ rule: 'count', segment: rst, max: 0 }), 'The wire never carries a [RST] segment from the server.');
});
