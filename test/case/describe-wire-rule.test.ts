import t from 'tap';
import { describeSegment, describeWireRule } from '../../harness/case/describe-wire-rule.ts';

t.test('segments: flags, what they lack, their numbers, their payload', async (t) => {
  t.equal(describeSegment({ from: 'server', flags: ['RST', 'ACK'] }), 'a RST+ACK from the server');
  t.equal(describeSegment({ from: 'client', flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false }), 'an ACK from the client without RST, FIN or SYN and carrying no data');
  t.equal(describeSegment({ from: 'server', flags: ['RST', 'ACK'], seq: 0, ack: 'isn+1' }), "a RST+ACK from the server with seq 0 and ack = the client's ISN+1");
  t.equal(describeSegment({ from: 'client', flags: ['RST'], seq: 'acked' }), "a RST from the client with seq = the ack of the server's latest segment");
  t.equal(describeSegment({ from: 'server', data: true }), 'a segment with data from the server');
  t.equal(describeSegment({ from: 'server', flags: ['PSH'], data: true, ack: 7 }), 'a PSH from the server with ack 7 and carrying data');
});

t.test('present and absent', async (t) => {
  t.equal(describeWireRule({ rule: 'present', segment: { from: 'server', flags: ['RST', 'ACK'] }, why: 'the close resets it' }), 'the server sends a RST+ACK (the close resets it)');
  t.equal(describeWireRule({ rule: 'absent', segment: { from: 'server', flags: ['FIN'] } }), 'the server sends no FIN');
  t.equal(describeWireRule({ rule: 'absent', segment: { from: 'server' } }), 'the server sends nothing');
  t.equal(describeWireRule({ rule: 'absent', segment: { from: 'server', notFlags: ['SYN'] } }), 'the server sends no segment without SYN');
});

t.test('sequence', async (t) => {
  t.equal(describeWireRule({ rule: 'sequence', segments: [{ from: 'client', flags: ['SYN'] }, { from: 'server', flags: ['RST', 'ACK'] }] }),
    'in this order: the client sends a SYN; then the server sends a RST+ACK');
});

t.test('count: exact, at least, at most, a range; one or several', async (t) => {
  t.equal(describeWireRule({ rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 2 }), 'the client sends at least 2 SYN segments');
  t.equal(describeWireRule({ rule: 'count', segment: { from: 'server', flags: ['RST'] }, min: 1, max: 1 }), 'the server sends exactly 1 RST');
  t.equal(describeWireRule({ rule: 'count', segment: { from: 'server', flags: ['RST'] }, max: 1 }), 'the server sends at most 1 RST');
  t.equal(describeWireRule({ rule: 'count', segment: { from: 'client', data: true }, min: 3, max: 5 }), 'the client sends 3 to 5 segments with data');
});

t.test('silent-after: the named quiet period', async (t) => {
  t.equal(describeWireRule({ rule: 'silent-after', after: { from: 'server', flags: ['RST'] }, role: 'client', quietMs: 50, why: 'nothing answers a RST' }),
    'after a RST from the server, the client sends nothing for 50 ms (nothing answers a RST)');
});
