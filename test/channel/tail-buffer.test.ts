import t from 'tap';
import { TailBuffer } from '../../harness/channel/tail-buffer.ts';

t.test('keeps everything while small', async (t) => {
  const b = new TailBuffer(10);
  t.equal(b.toString(), '');
  b.push('abc');
  b.push(Buffer.from('def'));
  t.equal(b.toString(), 'abcdef');
});

t.test('shows only the last `max` characters, marked as cut', async (t) => {
  const b = new TailBuffer(10);
  b.push('0123456789');
  t.equal(b.toString(), '0123456789', 'exactly max: not cut');
  b.push('abc');
  t.equal(b.toString(), '…3456789abc');
});

t.test('a flood stays bounded and keeps the newest text', async (t) => {
  const b = new TailBuffer(100);
  for (let i = 0; i < 10_000; i++) b.push(`line ${i}\n`);
  const shown = b.toString();
  t.ok(shown.length <= 101, `bounded (${shown.length} characters)`);
  t.ok(shown.endsWith('line 9999\n'), 'the newest line is last');
  t.ok(shown.startsWith('…'));
});

t.test('the default keeps 4 KiB', async (t) => {
  const b = new TailBuffer();
  b.push('a'.repeat(5000));
  b.push('end');
  t.equal(b.toString(), `…${'a'.repeat(4093)}end`);
});
