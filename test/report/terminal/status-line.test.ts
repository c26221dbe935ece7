// The live line is redrawn in place, permanent lines go above it whole, and clearing leaves nothing behind.
import { Writable } from 'node:stream';
import t from 'tap';
import { statusLine } from '../../../harness/report/terminal/status-line.ts';
import { replay } from './screen.ts';

/** A real stream that keeps every write, and each write's text on its own. */
const collector = (): { stream: Writable; text: () => string; writes: string[] } => {
  const writes: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { writes.push(chunk.toString()); done(); } });
  return { stream, text: () => writes.join(''), writes };
};

t.test('a shorter text covers the longer one it replaces', async (t) => {
  const c = collector();
  const line = statusLine(c.stream, () => 80);
  line.show('3/10 done · running close/unread-data-sends-rst [node]');
  line.show('4/10 done');
  t.same(replay(c.text()).lines, ['4/10 done']);
});

t.test('permanent lines land above the live line, which is drawn again under them', async (t) => {
  const c = collector();
  const line = statusLine(c.stream, () => 80);
  line.show('1/2 done · running a very long case name that fills the line');
  line.print('✗fail x [node]\n');
  line.show('2/2 done');
  t.same(replay(c.text()).lines, ['✗fail x [node]', '2/2 done']);
  line.clear();
  t.same(replay(c.text()).lines, ['✗fail x [node]', ''], 'cleared: the cursor is at the start of an empty line');
  t.same(replay(c.text()).escapes, [], 'with no escape sequence at all');
});

t.test('text is cut one column short of the width, with an ellipsis', async (t) => {
  const c = collector();
  const line = statusLine(c.stream, () => 20);
  line.show('0123456789abcdefghijklmnop');
  const [shown] = replay(c.text()).lines;
  t.equal(shown, '0123456789abcdefgh…', 'nineteen columns of twenty');
});

t.test('a width of 0 (a terminal that reports none) is taken as 80', async (t) => {
  const c = collector();
  statusLine(c.stream, () => 0).show('x'.repeat(100));
  t.equal([...replay(c.text()).lines[0]!].length, 79);
});

t.test('line breaks in the text never reach the terminal', async (t) => {
  const c = collector();
  statusLine(c.stream, () => 80).show('a\nb\r\nc');
  t.same(replay(c.text()).lines, ['a b c']);
});

t.test('colour is applied after the cut, so escapes never count as width', async (t) => {
  const c = collector();
  const line = statusLine(c.stream, () => 12);
  line.show('1 failed and more text', (cut) => `\u001b[31m${cut}\u001b[0m`);
  t.equal(replay(c.text()).lines[0], '1 failed a…', 'eleven columns of twelve');
  t.same(replay(c.text()).escapes, ['\u001b[31m', '\u001b[0m']);
});

t.test('every redraw is one write: a reader never sees half a frame', async (t) => {
  const c = collector();
  const line = statusLine(c.stream, () => 80);
  line.show('one');
  line.print('above\n');
  line.show('two');
  t.equal(c.writes.length, 3);
  t.match(c.writes[1], /^\r {3}\rabove\n\rone$/);
});
