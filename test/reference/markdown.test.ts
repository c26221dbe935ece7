import t from 'tap';
import { anchor, cell, code, prose, table } from '../../harness/reference/markdown.ts';

t.test('prose: shows the text as written, on one line', async (t) => {
  t.equal(prose('plain words, SO_LINGER, uv__tcp_bind()'), 'plain words, SO_LINGER, uv__tcp_bind()', 'underscores inside words stay bare');
  t.equal(prose('_socket.resume() and x_'), '\\_socket.resume() and x\\_', 'at a word edge they are escaped');
  t.equal(prose('~3 s, a*b, <SEQ=0>, back\\slash'), '\\~3 s, a\\*b, \\<SEQ=0>, back\\\\slash');
  t.equal(prose('first\n  second\r\nthird'), 'first second third');
});

t.test('prose: leaves backtick spans alone, where a backslash would show', async (t) => {
  t.equal(prose('see `errno_ = x*y` and _z_'), 'see `errno_ = x*y` and \\_z\\_');
  t.equal(prose('an unclosed ` tick_'), 'an unclosed ` tick\\_');
});

t.test('code: a span that holds any text', async (t) => {
  t.equal(code('close/unread'), '`close/unread`');
  t.equal(code('a`b'), '``a`b``');
  t.equal(code('`edge'), '`` `edge ``');
  t.equal(code('two\nlines'), '`two lines`');
});

t.test('cell and table: a pipe does not end the cell', async (t) => {
  t.equal(cell('a | b'), 'a \\| b');
  t.equal(table(['x', 'y'], [['1', 'a|b']]), '| x | y |\n|---|---|\n| 1 | a\\|b |');
});

t.test('anchor: as GitHub makes it from a heading', async (t) => {
  t.equal(anchor('`close/unread-data-sends-rst`'), 'closeunread-data-sends-rst');
  t.equal(anchor('Where it was measured'), 'where-it-was-measured');
});

