import t from 'tap';
import { LineSplitter } from '../../harness/channel/line-splitter.ts';

/** A splitter that records what it reports. */
const record = (maxLine?: number) => {
  const lines: string[] = [];
  const overflows: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l), (h) => overflows.push(h), maxLine);
  return { splitter, lines, overflows };
};

t.test('one line per newline; a partial line waits for the rest', async (t) => {
  const { splitter, lines } = record();
  splitter.push('{"a":1}\n{"b"');
  t.same(lines, ['{"a":1}']);
  splitter.push(':2}\n\n{"c":3}\n');
  t.same(lines, ['{"a":1}', '{"b":2}', '', '{"c":3}'], 'an empty line is a line');
  splitter.push('no newline yet');
  t.equal(lines.length, 4);
});

t.test('CRLF endings lose the CR; a lone CR inside a line stays', async (t) => {
  const { splitter, lines } = record();
  splitter.push(Buffer.from('one\r\ntw\ro\n'));
  t.same(lines, ['one', 'tw\ro']);
});

t.test('a UTF-8 character split across chunks is decoded whole', async (t) => {
  const { splitter, lines } = record();
  const bytes = Buffer.from('{"message":"café ✓"}\n');
  for (let i = 0; i < bytes.length; i++) splitter.push(bytes.subarray(i, i + 1));
  t.same(lines, ['{"message":"café ✓"}']);
});

t.test('a line over the limit is reported once, with its head, and dropped entirely', async (t) => {
  const { splitter, lines, overflows } = record(10);
  splitter.push('0123456789');
  t.same(overflows, [], 'exactly the limit is fine');
  splitter.push('abcdef');
  t.same(overflows, ['0123456789abcdef'], 'over the limit: reported at once, without waiting for the newline');
  splitter.push('more of the same line');
  splitter.push('and more, then the end\nnext\n');
  t.same(overflows.length, 1, 'reported once');
  t.same(lines, ['next'], 'nothing of the long line is passed on as a line; the next line is');
});

t.test('a long line that arrives whole in one chunk is reported too', async (t) => {
  const { splitter, lines, overflows } = record(10);
  splitter.push('short\nthis line is far too long\nok\n');
  t.same(lines, ['short', 'ok']);
  t.same(overflows, ['this line is far too long']);
});

t.test('the reported head is at most 200 characters; the default limit is 1 MiB', async (t) => {
  const { splitter, lines, overflows } = record();
  const chunk = 'x'.repeat(64 * 1024);
  for (let i = 0; i < 16; i++) splitter.push(chunk);
  t.same(overflows, [], '1 MiB exactly is allowed');
  splitter.push('y');
  t.equal(overflows.length, 1);
  t.equal(overflows[0], 'x'.repeat(200));
  splitter.push('\n');
  t.same(lines, []);
});
