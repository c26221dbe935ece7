import t from 'tap';
import { decodeOptions } from '../../harness/capture/decode-options.ts';
import { optionsText } from '../../harness/result/tcp-option.ts';
import { challengeAckRun } from './capture-fixture.ts';

t.test('a real Linux handshake: the SYN and SYN-ACK announce MSS, SACK permitted, timestamps and window scale', async (t) => {
  const { raw } = challengeAckRun();
  const [syn, synAck, ack] = raw;
  t.same(syn?.flags, ['SYN']);
  // The bytes of the SYN's options as captured: 0204ffd7 0402 080a a8…(val) 00000000 01 03030a.
  t.same(syn?.options?.map((o) => o.name), ['mss', 'sackOK', 'TS', 'nop', 'wscale']);
  t.match(syn?.options, [{ kind: 2, mss: 65495 }, { kind: 4 }, { kind: 8, ecr: 0 }, { kind: 1 }, { kind: 3, shift: 10 }]);
  t.same(synAck?.flags, ['SYN', 'ACK']);
  const ts = (o: typeof syn) => o?.options?.find((x) => x.name === 'TS') as { val: number; ecr: number } | undefined;
  t.equal(ts(synAck)?.ecr, ts(syn)?.val, 'the SYN-ACK echoes the SYN\'s timestamp (RFC 7323 §3.2)');
  t.equal(optionsText(synAck?.options), `mss 65495, sackOK, TS val ${ts(synAck)?.val} ecr ${ts(syn)?.val}, wscale 10`);
  t.same(ack?.options?.map((o) => o.name), ['nop', 'nop', 'TS'], 'after the handshake: timestamps only, padded by two NOPs');
  const injected = raw.filter((s) => s.flags.length === 1 && s.flags[0] === 'RST');
  t.equal(injected.length, 2);
  for (const s of injected) t.same(s.options, [], 'inject.c sends a bare 20-byte header');
});

const bytes = (...b: number[]): Buffer => Buffer.from(b);

t.test('SACK blocks, EOL and its padding', async (t) => {
  const sack = bytes(1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0);
  t.same(decodeOptions(sack), [{ kind: 1, name: 'nop' }, { kind: 1, name: 'nop' }, { kind: 5, name: 'sack', blocks: [[10, 20], [256, 512]] }, { kind: 0, name: 'eol' }]);
  t.equal(optionsText(decodeOptions(sack)), 'sack 10-20 256-512');
  t.same(decodeOptions(bytes(0, 2, 4, 2)), [{ kind: 0, name: 'eol' }], 'nothing after EOL is read');
  t.same(decodeOptions(Buffer.alloc(0)), []);
});

t.test('an option sockspec does not know is kept as its kind and length', async (t) => {
  // Kind 28 is the User Timeout Option (RFC 5482 §2), kind 34 TCP Fast Open (RFC 7413 §4.1.1); MPTCP's 30 is read (decode-mptcp.test.ts).
  t.same(decodeOptions(bytes(28, 4, 0, 0, 34, 2)), [{ kind: 28, name: 'unknown', length: 4 }, { kind: 34, name: 'unknown', length: 2 }]);
  t.equal(optionsText(decodeOptions(bytes(28, 4, 0, 0))), 'opt-28 len 4');
  t.same(decodeOptions(bytes(2, 3, 1)), [{ kind: 2, name: 'unknown', length: 3 }], 'a known kind with the wrong length is not read as that kind');
  t.same(decodeOptions(bytes(5, 9, 0, 0, 0, 1, 0, 0, 0)), [{ kind: 5, name: 'unknown', length: 9 }], 'a SACK that is not whole blocks');
});

t.test('an impossible length ends the list as malformed, with no throw: it is the peer\'s data', async (t) => {
  t.same(decodeOptions(bytes(2, 4, 1)), [{ kind: 2, name: 'malformed', length: 4 }], 'runs past the header');
  t.same(decodeOptions(bytes(1, 8, 1, 0)), [{ kind: 1, name: 'nop' }, { kind: 8, name: 'malformed', length: 1 }], 'shorter than its own kind and length');
  t.same(decodeOptions(bytes(3)), [{ kind: 3, name: 'malformed', length: null }], 'no length byte');
  t.equal(optionsText(decodeOptions(bytes(3))), 'opt-3 malformed');
});
