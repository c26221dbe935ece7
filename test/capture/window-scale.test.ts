import t from 'tap';
import type { RawSegment } from '../../harness/capture/decode-segment.ts';
import { labelSegments, windowScale } from '../../harness/capture/label-segments.ts';
import type { TcpOption } from '../../harness/result/tcp-option.ts';
import { challengeAckRun } from './capture-fixture.ts';

t.test('a real connection: both SYNs carried wscale 10, so later windows count 2^10-byte units', async (t) => {
  const { raw, serverPorts } = challengeAckRun();
  const segments = labelSegments(raw, serverPorts);
  const [syn, synAck, ack] = segments;
  t.same([syn?.winScale, syn?.winBytes], [0, syn?.win], 'a SYN\'s own window is never scaled (RFC 7323 §2.2)');
  t.same([synAck?.winScale, synAck?.winBytes], [0, synAck?.win]);
  t.equal(ack?.win, 64, 'the field as sent');
  t.same([ack?.winScale, ack?.winBytes], [10, 65536], '64 << 10');
  for (const s of segments.slice(2)) t.equal(s.winBytes, s.win * 1024, `${s.flags.join('+')} seq ${s.relSeq}`);
});

/** The same real segments with each SYN's options replaced. */
const withSynOptions = (client: TcpOption[], server: TcpOption[]): RawSegment[] =>
  challengeAckRun().raw.map((s) => (!s.flags.includes('SYN') ? s : { ...s, options: s.flags.includes('ACK') ? server : client }));

t.test('negative control: the SYN-ACK without wscale, so neither side scales (RFC 7323 §2.2)', async (t) => {
  const { raw, serverPorts } = challengeAckRun();
  const clientOptions = raw[0]!.options!;
  const serverOptions = raw[1]!.options!.filter((o) => o.name !== 'wscale');
  const segments = labelSegments(withSynOptions(clientOptions, serverOptions), serverPorts);
  t.same(segments.slice(2).map((s) => [s.winScale, s.winBytes]), segments.slice(2).map((s) => [0, s.win]));
  t.not(segments[2]!.winBytes, 65536, 'not the scaled value');
  const neither = labelSegments(withSynOptions([], []), serverPorts);
  t.same(neither.slice(2).map((s) => s.winScale), neither.slice(2).map(() => 0), 'neither SYN with it: the same');
});

const seg = (src: string, dst: string, flags: string[], options: TcpOption[] = []): RawSegment =>
  ({ time: 0, src, dst, flags, seq: 1, ack: 1, win: 100, len: 0, options });
const C = '10.0.0.2:40000';
const S = '10.0.0.1:5000';
const ws = (shift: number): TcpOption[] => [{ kind: 3, name: 'wscale', shift }];

t.test('each side scales by the shift it announced; above 14 counts as 14 (RFC 7323 §2.3)', async (t) => {
  const syns = new Map<string, readonly TcpOption[]>();
  t.equal(windowScale(seg(C, S, ['SYN'], ws(2)), syns), 0);
  t.equal(windowScale(seg(S, C, ['SYN', 'ACK'], ws(15)), syns), 0);
  t.equal(windowScale(seg(C, S, ['ACK']), syns), 2);
  t.equal(windowScale(seg(S, C, ['ACK']), syns), 14);
});

t.test('one SYN seen: no scaling; no SYN seen: unknown; a new SYN starts over', async (t) => {
  const refused = labelSegments([seg(C, S, ['SYN'], ws(7)), seg(S, C, ['RST', 'ACK'])], [5000]);
  t.same(refused.map((s) => s.winScale), [0, 0], 'a RST answering a SYN is not scaled');
  const midway = labelSegments([seg(C, S, ['ACK'])], [5000]);
  t.same([midway[0]!.winScale, midway[0]!.winBytes], [undefined, undefined], 'the capture began after the handshake');
  const reused = labelSegments([
    seg(C, S, ['SYN'], ws(7)), seg(S, C, ['SYN', 'ACK'], ws(7)), seg(C, S, ['ACK']),
    seg(C, S, ['SYN'], ws(7)), seg(C, S, ['ACK']),
  ], [5000]);
  t.same(reused.map((s) => s.winScale), [0, 0, 7, 0, 0], 'the old SYN-ACK does not count for the new connection');
});
