import t from 'tap';
import { anchorId, caseAnchor, runAnchor } from '../../../harness/report/html/anchor-id.ts';

t.test('ids read like the names they come from', async (t) => {
  t.equal(caseAnchor('close/unread-data-sends-rst'), 'case-close.unread-data-sends-rst');
  t.equal(runAnchor('close/unread-data-sends-rst', 'linux node@22.1.0 pauseOnConnect'), 'run-close.unread-data-sends-rst__linux_20_node_40_22_2e_1_2e_0_20_pauseOnConnect');
});

t.test('ids hold only letters, digits, -, _ and . , whatever the name', async (t) => {
  t.match(anchorId('a b"c<d>é😀\u0000/'), /^[A-Za-z0-9_.-]+$/);
});

t.test('distinct names get distinct ids', async (t) => {
  const names = ['a/b', 'a.b', 'a_b', 'a b', 'a-b', 'a_2e_b', 'a__b', 'a/b/c', 'a.b.c', 'A/B', 'c:node', 'c@node', 'ü', 'u'];
  const ids = names.map((n) => anchorId(n));
  t.equal(new Set(ids).size, names.length, ids.join(' '));
});
