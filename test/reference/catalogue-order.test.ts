import t from 'tap';
import { CATALOGUE_ORDER, compareCaseIds, compareGroups, groupOf } from '../../harness/reference/catalogue-order.ts';

t.test('groupOf: the folder of the case id', async (t) => {
  t.equal(groupOf('close/unread-data-sends-rst'), 'close');
  t.equal(groupOf('a/b/c'), 'a/b');
  t.equal(groupOf('loose'), '');
});

t.test('the catalogue order: groups as the catalogue introduces them, cases as it lists them', async (t) => {
  const shuffled = [...CATALOGUE_ORDER].reverse();
  t.same(shuffled.sort(compareCaseIds), CATALOGUE_ORDER);
  t.same(['timeout', 'rst', 'connect', 'close'].sort(compareGroups), ['connect', 'close', 'rst', 'timeout']);
});

t.test('cases and groups the catalogue does not know yet come after, alphabetically', async (t) => {
  const ids = ['zeta/one', 'close/zz-new', 'alpha/two', 'close/aa-new', 'close/unread-data-sends-rst', 'connect/syn-dropped'];
  t.same(ids.sort(compareCaseIds), ['connect/syn-dropped', 'close/unread-data-sends-rst', 'close/aa-new', 'close/zz-new', 'alpha/two', 'zeta/one']);
});
