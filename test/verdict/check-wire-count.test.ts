// The `count` rule, the evidence it leaves (times of what it counted), and the pattern seq: 'acked'.
import t from 'tap';
import { checkRule, matchesPattern, wireEvidence } from '../../harness/verdict/check-wire.ts';
import type { WireRule } from '../../harness/case/case-types.ts';
import type { Segment } from '../../harness/result/case-result.ts';

const C = '127.0.0.1:40000';
const S = '127.0.0.1:5000';
const seg = (from: Segment['from'], flags: string[], seq: number, ack = 0, len = 0, time = 0): Segment => ({
  time, from, src: from === 'server' ? S : C, dst: from === 'server' ? C : S, flags, seq, ack, relSeq: 0, relAck: 0, win: 65495, len,
});

// A SYN dropped by a firewall, retried twice (Linux: ~1 s, then ~2 s later), then given up. Times are ms since the epoch.
const T0 = 1_760_000_000_000;
const retried = [
  seg('client', ['SYN'], 1000, 0, 0, T0 + 0.25),
  seg('client', ['SYN'], 1000, 0, 0, T0 + 1012.3449),
  seg('client', ['SYN'], 1000, 0, 0, T0 + 3058.96),
];
const synRule = (min?: number, max?: number, why?: string): WireRule =>
  ({ rule: 'count', segment: { from: 'client', flags: ['SYN'] }, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }), ...(why === undefined ? {} : { why }) });
const synList = 'client [SYN] seq 1000 ack 0 len 0; client [SYN] seq 1000 ack 0 len 0; client [SYN] seq 1000 ack 0 len 0';

t.test('count: a minimum', async (t) => {
  t.equal(checkRule(synRule(3), retried), null, 'exactly the minimum holds');
  t.equal(checkRule(synRule(2), retried), null, 'more than the minimum holds');
  t.same(checkRule(synRule(4, undefined, 'the SYN is retried'), retried), {
    at: 'wire', wanted: 'at least 4 segments client [SYN] (the SYN is retried)', found: `3: ${synList}`,
  });
});

t.test('count: a maximum (the minimum is then 0)', async (t) => {
  t.equal(checkRule(synRule(undefined, 3), retried), null);
  t.equal(checkRule(synRule(undefined, 0), []), null, 'none, as wanted');
  t.same(checkRule(synRule(undefined, 2), retried), { at: 'wire', wanted: '0 to 2 segments client [SYN]', found: `3: ${synList}` });
});

t.test('count: exact (min equal to max), and a range', async (t) => {
  t.equal(checkRule(synRule(3, 3), retried), null);
  t.same(checkRule(synRule(1, 1, 'Linux gives up at the first RST'), retried), {
    at: 'wire', wanted: 'exactly 1 segment client [SYN] (Linux gives up at the first RST)', found: `3: ${synList}`,
  });
  t.same(checkRule(synRule(4, 6), retried), { at: 'wire', wanted: '4 to 6 segments client [SYN]', found: `3: ${synList}` });
  t.equal(checkRule(synRule(2, 6), retried), null);
});

t.test('count: only matching segments are counted and listed', async (t) => {
  const mixed = [...retried, seg('server', ['SYN', 'ACK'], 9000, 1001), seg('client', ['ACK'], 1001, 9001)];
  t.equal(checkRule(synRule(3, 3), mixed), null, 'the server\'s SYN+ACK and the client\'s ACK are not client SYNs');
  const none = checkRule({ rule: 'count', segment: { from: 'server', flags: ['RST'] }, min: 1 }, mixed);
  t.equal(none?.wanted, 'at least 1 segment server [RST]');
  t.match(none?.found, /^0: none among client \[SYN\]/, 'no hit: the found count is 0, with what was captured');
  t.equal(checkRule({ rule: 'count', segment: { from: 'server' } }, mixed), null, 'neither bound: any count holds');
});

t.test('wireEvidence: times of what each count rule counted, from the first segment, to one decimal', async (t) => {
  const rules: WireRule[] = [
    synRule(3),
    { rule: 'present', segment: { from: 'client', flags: ['SYN'] } },
    { rule: 'count', segment: { from: 'server', flags: ['RST'] }, max: 0 },
  ];
  const withAck = [seg('server', ['ACK'], 5, 5, 0, T0), ...retried];
  t.same(wireEvidence(rules, withAck), {
    'times of client [SYN] (ms)': [0.3, 1012.3, 3059],
    'times of server [RST] (ms)': [],
  }, 'the origin is the first segment of all, not the first counted; other rules leave no evidence');
  t.same(wireEvidence(rules, retried)['times of client [SYN] (ms)'], [0, 1012.1, 3058.7], 'the first counted segment is at 0 when it is the first');
  t.same(wireEvidence([], retried), {});
  t.same(wireEvidence([synRule(1)], []), { 'times of client [SYN] (ms)': [] }, 'no segments: an empty list');
});

// RFC 9293 §3.10.7.1: a RST for a connection the sender no longer has takes its seq from the ACK field of the segment that provoked it.
t.test("seq: 'acked' is the ack of the other side's latest ACK-bearing segment before it", async (t) => {
  const ackedRst = { from: 'server' as const, flags: ['RST'], seq: 'acked' as const };
  const flow = [
    seg('client', ['SYN'], 1000),
    seg('server', ['SYN', 'ACK'], 9000, 1001),
    seg('client', ['ACK'], 1001, 9001),
    seg('client', ['PSH', 'ACK'], 1001, 9001, 5),
    seg('client', ['PSH', 'ACK'], 1006, 9004, 5),
    seg('server', ['RST'], 9004),
    seg('server', ['RST'], 9001),
  ];
  t.ok(matchesPattern(ackedRst, flow[5]!, flow), 'seq 9004: the latest client ACK before it acknowledged 9004');
  t.notOk(matchesPattern(ackedRst, flow[6]!, flow), 'seq 9001 was acknowledged earlier, but is not the latest');
  t.notOk(matchesPattern(ackedRst, seg('server', ['RST'], 9004), [seg('client', ['SYN'], 1000), seg('server', ['RST'], 9004)]),
    'nothing from the other side before it: no match');

  const rst = seg('server', ['RST'], 0);
  const refused = [seg('client', ['SYN'], 1000), rst];
  t.notOk(matchesPattern(ackedRst, rst, refused), 'a bare SYN (ack field 0, no ACK flag) acknowledges nothing');

  const later = [seg('client', ['ACK'], 1001, 100), rst, seg('client', ['ACK'], 1001, 0)];
  t.notOk(matchesPattern(ackedRst, rst, later), 'an ACK after the segment does not count');

  const own = [seg('client', ['ACK'], 1001, 50), seg('server', ['ACK'], 50, 0), rst];
  t.notOk(matchesPattern(ackedRst, rst, own), 'the same side\'s own ACK does not count');
  const ownOk = [seg('client', ['ACK'], 1001, 0), seg('server', ['ACK'], 50, 77), rst];
  t.ok(matchesPattern(ackedRst, rst, ownOk), 'it looks past the same side\'s segments to the other side\'s');

  const unknown = [seg('client', ['ACK'], 1001, 0), seg('unknown', ['ACK'], 1, 7), rst];
  t.ok(matchesPattern(ackedRst, rst, unknown), 'unlabelled segments are skipped');

  const clientRst = seg('client', ['RST'], 9006);
  t.ok(matchesPattern({ from: 'client', seq: 'acked' }, clientRst, [seg('server', ['FIN', 'ACK'], 9005, 9006), clientRst]), 'the same rule from the client\'s side');
});

t.test("seq: 'acked' inside rules", async (t) => {
  const rst = seg('server', ['RST'], 9004);
  const flow = [seg('client', ['PSH', 'ACK'], 1006, 9004, 5), rst, seg('server', ['RST'], 9004)];
  t.equal(checkRule({ rule: 'present', segment: { from: 'server', flags: ['RST'], seq: 'acked' } }, flow), null);
  t.equal(checkRule({ rule: 'count', segment: { from: 'server', flags: ['RST'], seq: 'acked' }, min: 2, max: 2 }, flow), null,
    'a second RST with the same seq, after no new ACK, matches too');
  t.same(checkRule({ rule: 'count', segment: { from: 'server', flags: ['RST'], seq: 'acked' }, max: 0, why: 'no reset' }, flow), {
    at: 'wire',
    wanted: 'exactly 0 segments server [RST] seq acked (no reset)',
    found: '2: server [RST] seq 9004 ack 0 len 0; server [RST] seq 9004 ack 0 len 0',
  });
});
