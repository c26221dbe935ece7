import t from 'tap';
import type { RawSegment } from '../../harness/capture/decode-segment.ts';
import { labelSegments } from '../../harness/capture/label-segments.ts';

const C = '127.0.0.1:40000';
const S = '127.0.0.1:5000';

const seg = (src: string, dst: string, flags: string[], seq: number, ack = 0, len = 0): RawSegment => ({
  time: 0, src, dst, flags, seq, ack, win: 65495, len,
});

const brief = (segments: ReturnType<typeof labelSegments>) =>
  segments.map((s) => `${s.from} [${s.flags.join(',')}] ${s.relSeq}/${s.relAck}`);

t.test('a whole connection: handshake, data, FIN both ways', async (t) => {
  const cIsn = 1_000_000, sIsn = 3_000_000_000;
  const labelled = labelSegments([
    seg(C, S, ['SYN'], cIsn),
    seg(S, C, ['SYN', 'ACK'], sIsn, cIsn + 1),
    seg(C, S, ['ACK'], cIsn + 1, sIsn + 1),
    seg(C, S, ['PSH', 'ACK'], cIsn + 1, sIsn + 1, 5),
    seg(S, C, ['ACK'], sIsn + 1, cIsn + 6),
    seg(S, C, ['FIN', 'ACK'], sIsn + 1, cIsn + 6),
    seg(C, S, ['FIN', 'ACK'], cIsn + 6, sIsn + 2),
    seg(S, C, ['ACK'], sIsn + 2, cIsn + 7),
  ], [5000]);
  t.same(brief(labelled), [
    'client [SYN] 0/0',
    'server [SYN,ACK] 0/1',
    'client [ACK] 1/1',
    'client [PSH,ACK] 1/1',
    'server [ACK] 1/6',
    'server [FIN,ACK] 1/6',
    'client [FIN,ACK] 6/2',
    'server [ACK] 2/7',
  ]);
  t.equal(labelled[1]?.seq, sIsn, 'absolute values are kept');
  t.equal(labelled[1]?.ack, cIsn + 1);
});

t.test('closed port: RST+ACK with seq 0 and ack = ISN+1', async (t) => {
  const [syn, rst] = labelSegments([seg(C, S, ['SYN'], 123456789), seg(S, C, ['RST', 'ACK'], 0, 123456790)], [5000]);
  t.match(syn, { from: 'client', relSeq: 0, seq: 123456789 });
  t.match(rst, { from: 'server', seq: 0, ack: 123456790, relSeq: 0, relAck: 1 });
});

t.test('relative numbers wrap around 2^32', async (t) => {
  const isn = 0xfffffff0;
  const labelled = labelSegments([
    seg(C, S, ['SYN'], isn),
    seg(S, C, ['SYN', 'ACK'], 10, isn + 1),
    seg(C, S, ['PSH', 'ACK'], (isn + 0x20) % 2 ** 32, 11, 1),
    seg(S, C, ['ACK'], 11, (isn + 0x21) % 2 ** 32),
  ], [5000]);
  t.same(brief(labelled), ['client [SYN] 0/0', 'server [SYN,ACK] 0/1', 'client [PSH,ACK] 32/1', 'server [ACK] 1/33']);
});

t.test('a capture that starts mid-connection counts from the first seq seen each way', async (t) => {
  const labelled = labelSegments([
    seg(C, S, ['PSH', 'ACK'], 500, 9000, 10),
    seg(S, C, ['ACK'], 9000, 510),
  ], [5000]);
  t.same(brief(labelled), ['client [PSH,ACK] 0/0', 'server [ACK] 0/10']);
});

t.test('a peer that never sends: relAck stays absolute', async (t) => {
  const [only] = labelSegments([seg(C, S, ['ACK'], 500, 9000)], [5000]);
  t.equal(only?.relAck, 9000);
});

t.test('a new SYN on the same four-tuple restarts the numbering', async (t) => {
  const labelled = labelSegments([
    seg(C, S, ['SYN'], 100),
    seg(S, C, ['RST', 'ACK'], 0, 101),
    seg(C, S, ['SYN'], 7_000),
    seg(S, C, ['SYN', 'ACK'], 50, 7_001),
  ], [5000]);
  t.same(brief(labelled), ['client [SYN] 0/0', 'server [RST,ACK] 0/1', 'client [SYN] 0/0', 'server [SYN,ACK] 0/1']);
});

t.test('from: by server port; unknown when no server port is involved; IPv6 endpoints', async (t) => {
  const labelled = labelSegments([
    seg('[::1]:40000', '[::1]:5000', ['SYN'], 1),
    seg('[::1]:5000', '[::1]:40000', ['SYN', 'ACK'], 2, 2),
    seg('127.0.0.1:1', '127.0.0.1:2', ['SYN'], 3),
  ], [5000]);
  t.same(labelled.map((s) => s.from), ['client', 'server', 'unknown']);
  t.same(labelSegments([seg(C, S, ['SYN'], 1)], []).map((s) => s.from), ['unknown']);
});
