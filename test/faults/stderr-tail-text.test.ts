// An agent's stderr arrives in pipe-sized chunks that may cut a character anywhere: the tail kept
// for the report holds whole characters (belongs beside test/agent/tail-buffer.test.ts).
import t from 'tap';
import { TailBuffer } from '../../harness/channel/tail-buffer.ts';

t.test('a UTF-8 character split across chunks is kept whole', async (t) => {
  const b = new TailBuffer();
  const bytes = Buffer.from('crashed: café ✓ 🦀\n');
  for (let i = 0; i < bytes.length; i++) b.push(bytes.subarray(i, i + 1));
  t.equal(b.toString(), 'crashed: café ✓ 🦀\n');
});

t.test('cutting to the tail never leaves half a surrogate pair', async (t) => {
  const b = new TailBuffer(4);
  b.push('a🦀bcd'); // 'a', high, low, 'b', 'c', 'd': the last 4 units start at the low half
  t.equal(b.toString(), '…bcd', 'the half character is dropped with the rest');
  const whole = new TailBuffer(4);
  whole.push('ab🦀cd'); // the last 4 units start at the high half: the character is whole
  t.equal(whole.toString(), '…🦀cd');
  t.notMatch(b.toString(), /\p{Surrogate}/u);
  const flood = new TailBuffer(5);
  for (let i = 0; i < 1000; i++) flood.push(i % 2 === 0 ? '🦀🦀🦀' : 'x🦀🦀');
  t.notMatch(flood.toString(), /\p{Surrogate}/u, 'nor when a flood is trimmed');
});
