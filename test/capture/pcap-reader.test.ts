import t from 'tap';
import { PcapReader } from '../../harness/capture/pcap-reader.ts';
import type { PcapRecord } from '../../harness/capture/pcap-reader.ts';

interface Rec {
  sec: number;
  frac: number;
  data: Buffer;
  origLen?: number;
}

/** A pcap stream as a capture tool of the given byte order and time resolution writes it. */
const pcap = (records: Rec[], opts: { bigEndian?: boolean; nanos?: boolean; linkType?: number } = {}): Buffer => {
  const u32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    if (opts.bigEndian) b.writeUInt32BE(v);
    else b.writeUInt32LE(v);
    return b;
  };
  const u16 = (v: number): Buffer => {
    const b = Buffer.alloc(2);
    if (opts.bigEndian) b.writeUInt16BE(v);
    else b.writeUInt16LE(v);
    return b;
  };
  const header = [u32(opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4), u16(2), u16(4), u32(0), u32(0), u32(256), u32(opts.linkType ?? 101)];
  const body = records.flatMap((r) => [u32(r.sec), u32(r.frac), u32(r.data.length), u32(r.origLen ?? r.data.length), r.data]);
  return Buffer.concat([...header, ...body]);
};

const RECORDS: Rec[] = [
  { sec: 1_700_000_000, frac: 123_456, data: Buffer.from('first packet') },
  { sec: 1_700_000_001, frac: 0, data: Buffer.alloc(0) },
  { sec: 1_700_000_002, frac: 999_999, data: Buffer.from([1, 2, 3, 4, 5, 6, 7]), origLen: 1500 },
];

const readAll = (reader: PcapReader, chunks: Buffer[]): PcapRecord[] => chunks.flatMap((c) => reader.push(c));

const simplify = (records: PcapRecord[]) => records.map((r) => ({ timeMs: r.timeMs, data: r.data.toString('hex'), origLen: r.origLen }));

const WANTED = [
  { timeMs: 1_700_000_000_123.456, data: Buffer.from('first packet').toString('hex'), origLen: 12 },
  { timeMs: 1_700_000_001_000, data: '', origLen: 0 },
  { timeMs: 1_700_000_002_999.999, data: '01020304050607', origLen: 1500 },
];

t.test('little-endian microsecond stream in one chunk', async (t) => {
  const reader = new PcapReader();
  t.equal(reader.headerSeen, false);
  const records = reader.push(pcap(RECORDS));
  t.equal(reader.headerSeen, true);
  t.equal(reader.linkType, 101);
  t.equal(reader.snaplen, 256);
  t.same(simplify(records), WANTED);
  t.equal(reader.pendingBytes, 0);
  t.doesNotThrow(() => reader.end());
});

t.test('every two-chunk split of the stream gives the same records', async (t) => {
  const stream = pcap(RECORDS, { bigEndian: true });
  for (let cut = 0; cut <= stream.length; cut++) {
    const reader = new PcapReader();
    const records = readAll(reader, [stream.subarray(0, cut), stream.subarray(cut)]);
    t.same(simplify(records), WANTED, `cut at ${cut}`);
  }
});

t.test('one byte at a time: the header is seen exactly when its 24th byte arrives', async (t) => {
  const stream = pcap(RECORDS);
  const reader = new PcapReader();
  const records: PcapRecord[] = [];
  for (let i = 0; i < stream.length; i++) {
    records.push(...reader.push(stream.subarray(i, i + 1)));
    if (i === 22) t.equal(reader.headerSeen, false, 'not after 23 bytes');
    if (i === 23) t.equal(reader.headerSeen, true, 'after 24 bytes');
  }
  t.same(simplify(records), WANTED);
});

t.test('records do not alias the pushed chunks', async (t) => {
  const stream = pcap(RECORDS);
  const [first] = new PcapReader().push(stream);
  stream.fill(0);
  t.equal(first?.data.toString(), 'first packet');
});

t.test('nanosecond magic, both byte orders', async (t) => {
  for (const bigEndian of [false, true]) {
    const reader = new PcapReader();
    const [rec] = reader.push(pcap([{ sec: 10, frac: 123_456_789, data: Buffer.from('x') }], { nanos: true, bigEndian }));
    t.equal(rec?.timeMs, 10_123.456789, `bigEndian=${bigEndian}`);
  }
});

t.test('a link type other than raw IP is reported, not judged', async (t) => {
  const reader = new PcapReader();
  reader.push(pcap([], { linkType: 1 }));
  t.equal(reader.linkType, 1);
});

t.test('an unknown magic throws with the offset', async (t) => {
  t.throws(() => new PcapReader().push(Buffer.from('0a0d0d0a000000000000000000000000', 'hex')), /offset 0: unknown magic 0x0a0d0d0a/);
  const reader = new PcapReader();
  reader.push(Buffer.from([0xde, 0xad]));
  t.throws(() => reader.push(Buffer.from([0xbe, 0xef])), /unknown magic/, 'detected once four bytes are in');
});

t.test('an absurd record length throws with the record offset', async (t) => {
  const stream = pcap(RECORDS);
  const bad = Buffer.concat([stream, Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0])]);
  t.throws(() => new PcapReader().push(bad), new RegExp(`offset ${stream.length}: record length`));
});

t.test('end() reports a stream cut inside a record', async (t) => {
  const stream = pcap(RECORDS);
  const reader = new PcapReader();
  reader.push(stream.subarray(0, stream.length - 3));
  t.equal(reader.pendingBytes, 16 + 7 - 3);
  t.throws(() => reader.end(), /Truncated pcap stream: 20 bytes left at offset/);
});
