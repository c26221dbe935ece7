import t from 'tap';
import type { Segment } from '../../harness/result/case-result.ts';
import { formatSegment, formatSegments } from '../../harness/result/format-segment.ts';

const base: Segment = {
  time: 1000, from: 'client', src: '127.0.0.1:40000', dst: '127.0.0.1:5000', flags: ['SYN'],
  seq: 123456789, ack: 0, relSeq: 0, relAck: 0, win: 65495, len: 0,
};

t.test('SYN from the client, with its addresses (a result from before options were decoded)', async (t) => {
  t.equal(formatSegment(base, 999.877), '+0.123ms client 127.0.0.1:40000 > server 127.0.0.1:5000 [SYN] seq 0 win 65495 len 0 (abs seq 123456789)');
});

t.test('RST+ACK shows ack, relative and absolute', async (t) => {
  const rst: Segment = { ...base, from: 'server', src: '127.0.0.1:5000', dst: '127.0.0.1:40000', flags: ['RST', 'ACK'], seq: 0, ack: 123456790, relAck: 1, win: 0, time: 1000.25 };
  t.equal(formatSegment(rst, 1000), '+0.250ms server 127.0.0.1:5000 > client 127.0.0.1:40000 [RST, ACK] seq 0 ack 1 win 0 len 0 (abs seq 0 ack 123456790)');
});

t.test('unknown sender: addresses instead of roles; times before the origin', async (t) => {
  t.equal(formatSegment({ ...base, from: 'unknown' }, 1002), '-2.000ms 127.0.0.1:40000 > 127.0.0.1:5000 [SYN] seq 0 win 65495 len 0 (abs seq 123456789)');
});

t.test('a list is timed from its first segment', async (t) => {
  t.same(formatSegments([base, { ...base, time: 1001.5 }]).map((l) => l.slice(0, 9)), ['+0.000ms ', '+1.500ms ']);
  t.same(formatSegments([]), []);
});

t.test('a SYN shows what it announced, a later segment its window in bytes and the scale', async (t) => {
  const syn: Segment = {
    ...base, winScale: 0, winBytes: 65495,
    options: [{ kind: 2, name: 'mss', mss: 65495 }, { kind: 4, name: 'sackOK' }, { kind: 8, name: 'TS', val: 7, ecr: 0 }, { kind: 1, name: 'nop' }, { kind: 3, name: 'wscale', shift: 7 }],
  };
  t.equal(formatSegment(syn, 1000), '+0.000ms client 127.0.0.1:40000 > server 127.0.0.1:5000 [SYN] seq 0 win 65495 len 0 opts [mss 65495, sackOK, TS val 7 ecr 0, wscale 7] (abs seq 123456789)');
  const ack: Segment = { ...base, flags: ['ACK'], relSeq: 1, relAck: 1, win: 512, winScale: 7, winBytes: 65536, options: [{ kind: 8, name: 'TS', val: 8, ecr: 9 }] };
  t.match(formatSegment(ack, 1000), / \[ACK\] seq 1 ack 1 win 65536 \(512×2\^7\) len 0 \(abs/, 'timestamps of later segments stay out of the line');
  t.match(formatSegment({ ...ack, winScale: 0, winBytes: 512 }, 1000), / win 512 len 0 /, 'no scaling agreed: the field is the window');
  t.match(formatSegment({ ...ack, winScale: undefined, winBytes: undefined }, 1000), / win 512 \(raw, scale unknown\) len 0 /, 'neither SYN captured');
  t.match(formatSegment({ ...ack, options: [{ kind: 5, name: 'sack', blocks: [[10, 20]] }] }, 1000), / opts \[sack 10-20\] /, 'SACK blocks are shown');
});

t.test('an injected segment is the harness\'s, in the name of the side it spoofs', async (t) => {
  const rst: Segment = { ...base, from: 'server', src: '127.0.0.1:5000', dst: '127.0.0.1:40000', flags: ['RST'], win: 0, injected: true };
  t.match(formatSegment(rst, 1000), /^\+0\.000ms harness \(as server 127\.0\.0\.1:5000\) > client 127\.0\.0\.1:40000 \[RST\] /);
  t.match(formatSegment({ ...rst, injected: undefined }, 1000), /^\+0\.000ms server 127\.0\.0\.1:5000 > client /, 'control: the same segment not injected');
});
