import t from 'tap';
import { checkRule, checkWire, describePattern, matchesPattern } from '../../harness/verdict/check-wire.ts';
import type { Segment } from '../../harness/result/case-result.ts';

const C = '127.0.0.1:40000';
const S = '127.0.0.1:5000';
const seg = (from: 'client' | 'server', flags: string[], seq: number, ack = 0, len = 0): Segment => ({
  time: 0, from, src: from === 'client' ? C : S, dst: from === 'client' ? S : C, flags, seq, ack, relSeq: 0, relAck: 0, win: 65495, len,
});

// A refused connect: SYN, then RST+ACK with seq 0 and ack = ISN+1.
const refused = [seg('client', ['SYN'], 1000), seg('server', ['RST', 'ACK'], 0, 1001)];
// A connection with data, closed by the server with FIN.
const clean = [
  seg('client', ['SYN'], 1000),
  seg('server', ['SYN', 'ACK'], 0xffffffff, 1001),
  seg('client', ['ACK'], 1001, 0),
  seg('client', ['PSH', 'ACK'], 1001, 0, 5),
  seg('server', ['ACK'], 0, 1006),
  seg('server', ['FIN', 'ACK'], 0, 1006),
  seg('client', ['ACK'], 1006, 1),
];

// How a failure lists the segments that were seen.
const cleanSeen = 'client [SYN] seq 1000 ack 0 len 0; server [SYN, ACK] seq 4294967295 ack 1001 len 0; client [ACK] seq 1001 ack 0 len 0; '
  + 'client [PSH, ACK] seq 1001 ack 0 len 5; server [ACK] seq 0 ack 1006 len 0; server [FIN, ACK] seq 0 ack 1006 len 0; client [ACK] seq 1006 ack 1 len 0';

t.test('describePattern', async (t) => {
  t.equal(describePattern({ from: 'server' }), 'server');
  t.equal(describePattern({ from: 'server', flags: ['RST', 'ACK'], notFlags: ['SYN'], seq: 0, ack: 'isn+1', data: false }),
    'server [RST, ACK] without [SYN] seq 0 ack isn+1 without data');
  t.equal(describePattern({ from: 'client', data: true, ack: 7 }), 'client ack 7 with data');
});

t.test('matchesPattern: direction, flags and notFlags', async (t) => {
  const rst = refused[1]!;
  t.ok(matchesPattern({ from: 'server' }, rst, refused));
  t.notOk(matchesPattern({ from: 'client' }, rst, refused));
  t.ok(matchesPattern({ from: 'server', flags: ['RST'] }, rst, refused), 'at least these flags');
  t.notOk(matchesPattern({ from: 'server', flags: ['RST', 'FIN'] }, rst, refused));
  t.ok(matchesPattern({ from: 'client', flags: ['SYN'], notFlags: ['ACK'] }, refused[0]!, refused));
  t.notOk(matchesPattern({ from: 'server', flags: ['SYN'], notFlags: ['ACK'] }, clean[1]!, clean), 'SYN+ACK is not a bare SYN');
});

t.test("matchesPattern: seq, ack, 'isn+1' and data", async (t) => {
  const rst = refused[1]!;
  t.ok(matchesPattern({ from: 'server', seq: 0, ack: 1001 }, rst, refused));
  t.notOk(matchesPattern({ from: 'server', seq: 1 }, rst, refused));
  t.notOk(matchesPattern({ from: 'server', ack: 1000 }, rst, refused));
  t.ok(matchesPattern({ from: 'server', ack: 'isn+1' }, rst, refused), "'isn+1' is the client's SYN seq plus one");
  t.notOk(matchesPattern({ from: 'server', ack: 'isn+1' }, seg('server', ['RST', 'ACK'], 0, 1000), refused));
  t.notOk(matchesPattern({ from: 'server', ack: 'isn+1' }, rst, [rst]), 'no SYN from the other side: no match');
  t.ok(matchesPattern({ from: 'client', ack: 'isn+1' }, clean[2]!, clean), "the server's ISN 0xffffffff plus one wraps to 0");
  t.ok(matchesPattern({ from: 'client', data: true }, clean[3]!, clean));
  t.notOk(matchesPattern({ from: 'client', data: true }, clean[2]!, clean));
  t.ok(matchesPattern({ from: 'client', data: false }, clean[2]!, clean));
  t.notOk(matchesPattern({ from: 'client', data: false }, clean[3]!, clean));
});

t.test('present', async (t) => {
  t.equal(checkRule({ rule: 'present', segment: { from: 'server', flags: ['FIN'] } }, clean), null);
  t.same(checkRule({ rule: 'present', segment: { from: 'server', flags: ['RST'] }, why: 'the close resets' }, clean), {
    at: 'wire',
    wanted: 'a segment server [RST] (the close resets)',
    found: cleanSeen,
  });
  t.same(checkRule({ rule: 'present', segment: { from: 'server' } }, []), { at: 'wire', wanted: 'a segment server', found: 'no segments at all' });
});

t.test('absent', async (t) => {
  t.equal(checkRule({ rule: 'absent', segment: { from: 'server', flags: ['SYN'] } }, refused), null);
  t.same(checkRule({ rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'RST instead of FIN' }, clean), {
    at: 'wire', wanted: 'no segment server [FIN] (RST instead of FIN)', found: 'server [FIN, ACK] seq 0 ack 1006 len 0',
  });
});

t.test('sequence: in order, others may come between', async (t) => {
  const rule = {
    rule: 'sequence' as const,
    segments: [{ from: 'client' as const, flags: ['SYN'], notFlags: ['ACK'] }, { from: 'server' as const, flags: ['RST', 'ACK'], seq: 0, ack: 'isn+1' as const }],
  };
  t.equal(checkRule(rule, refused), null);
  t.equal(checkRule({ rule: 'sequence', segments: [{ from: 'client', flags: ['SYN'] }, { from: 'server', flags: ['FIN'] }] }, clean), null);
  const reversed = checkRule({ rule: 'sequence', segments: [{ from: 'server', flags: ['FIN'] }, { from: 'client', flags: ['SYN'] }], why: 'order' }, clean);
  t.same(reversed, {
    at: 'wire',
    wanted: 'in order: server [FIN], then client [SYN] (order)',
    found: `no client [SYN] after the first 1 matched; segments: ${cleanSeen}`,
  });
  t.match(checkRule(rule, [])?.found, /^no client \[SYN\] without \[ACK\] after the first 0 matched; segments: no segments at all$/);
});

t.test('silent-after', async (t) => {
  const rstThenQuiet = [...refused, seg('server', ['RST'], 0)];
  const rule = { rule: 'silent-after' as const, after: { from: 'server' as const, flags: ['RST'] }, role: 'client' as const, quietMs: 200, why: 'a RST is never acknowledged' };
  t.equal(checkRule(rule, rstThenQuiet), null, 'the server may go on; the client is silent');
  t.same(checkRule(rule, [...refused, seg('client', ['ACK'], 1001, 1)]), {
    at: 'wire',
    wanted: 'nothing from the client after server [RST] (watched 200 ms) (a RST is never acknowledged)',
    found: 'client [ACK] seq 1001 ack 1 len 0',
  });
  t.same(checkRule(rule, clean), {
    at: 'wire',
    wanted: 'a segment server [RST], then silence from the client (a RST is never acknowledged)',
    found: cleanSeen,
  }, 'no trigger segment at all is a failure too, listing what was seen');
});

t.test('checkWire returns every broken rule, in rule order', async (t) => {
  const failures = checkWire([
    { rule: 'present', segment: { from: 'server', flags: ['RST'] } },
    { rule: 'present', segment: { from: 'server', flags: ['FIN'] } },
    { rule: 'absent', segment: { from: 'client', data: true } },
  ], clean);
  t.same(failures.map((f) => f.wanted), ['a segment server [RST]', 'no segment client with data']);
  t.same(checkWire([], clean), []);
});

// Several connections in one case (close/time-wait-after-active-close has four): each has its own ISNs, so SND.NXT and
// RCV.NXT are read on the segment's own connection, not as the highest over the capture.
t.test("ack 'rcv.nxt' and seq 'snd.nxt' on the segment's own connection", async (t) => {
  const C2 = '127.0.0.1:40001';
  const S2 = '127.0.0.1:5001';
  const on = (s: Segment, src: string, dst: string): Segment => ({ ...s, src, dst });
  // Connection 1 (server ISN 0xffffffff, FIN at 0) then connection 2, whose server's numbers are before those (mod 2^32):
  // its FIN at 0xf0000000. The highest over the capture would be connection 1's SND.NXT (1).
  const two = [
    ...clean,
    on(seg('client', ['SYN'], 7000), C2, S2),
    on(seg('server', ['SYN', 'ACK'], 0xefffffff, 7001), S2, C2),
    on(seg('client', ['ACK'], 7001, 0xf0000000), C2, S2),
    on(seg('server', ['FIN', 'ACK'], 0xf0000000, 7001), S2, C2),
    on(seg('client', ['ACK'], 7001, 0xf0000001), C2, S2),
  ];
  const ackOfFin = { from: 'client' as const, flags: ['ACK'], ack: 'rcv.nxt' as const };
  t.ok(matchesPattern(ackOfFin, two[11]!, two), 'the second connection\'s ACK of its FIN: its own server\'s SND.NXT');
  t.ok(matchesPattern({ from: 'server', flags: ['FIN'], seq: 'snd.nxt' }, two[10]!, two), 'its FIN at its own SND.NXT');
  t.ok(matchesPattern(ackOfFin, two[6]!, two), 'the first connection\'s as before');
  // Negative control: the first connection's ACK judged against the second's numbers does not fit.
  t.notOk(matchesPattern(ackOfFin, { ...two[11]!, ack: 1 }, two), 'ack 1 (connection 1\'s RCV.NXT) is not connection 2\'s');
});
