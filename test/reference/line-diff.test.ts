import t from 'tap';
import { lineDiff } from '../../harness/reference/line-diff.ts';

const lines = (n: number): string => `${Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n')}\n`;

t.test('identical texts: nothing added or removed, only the names', async (t) => {
  t.same(lineDiff('a\nb\n', 'a\nb\n'), { added: 0, removed: 0, text: '--- on disk\n+++ generated\n' });
});

t.test('a changed line: removal before addition, with context, numbered in both texts', async (t) => {
  const before = lines(10);
  const after = before.replace('line 5\n', 'line five\n');
  t.same(lineDiff(before, after, { context: 1 }), {
    added: 1, removed: 1,
    text: '--- on disk\n+++ generated\n@@ -4 +4 @@\n line 4\n-line 5\n+line five\n line 6\n',
  });
});

t.test('separate changes make separate hunks; insertions and deletions count', async (t) => {
  const before = lines(20);
  const after = before.replace('line 2\n', '').replace('line 18\n', 'line 18\nnew\n');
  const d = lineDiff(before, after, { context: 1, names: ['old', 'new'] });
  t.equal(d.added, 1);
  t.equal(d.removed, 1);
  t.equal(d.text, '--- old\n+++ new\n@@ -1 +1 @@\n line 1\n-line 2\n line 3\n@@ -18 +17 @@\n line 18\n+new\n line 19\n');
});

t.test('a long diff is cut, saying how much was left out', async (t) => {
  const d = lineDiff(lines(100), lines(100).replace(/line (\d+)/g, 'row $1'), { maxLines: 10 });
  t.equal(d.added, 100);
  t.equal(d.text.split('\n').length, 12);
  t.match(d.text, /\.\.\. \(\d+ more diff lines\)\n$/);
});
