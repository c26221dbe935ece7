import t from 'tap';
import { BY_NAME, compareCaseIds, compareGroups, groupOf, type CaseOrder } from '../../harness/reference/case-order.ts';

const order: CaseOrder = {
  groups: ['connect', 'close', 'rst'],
  cases: ['connect/syn-dropped', 'connect/refused-closed-port', 'close/unread-data-sends-rst', 'close/all-read-sends-fin', 'rst/never-acknowledged'],
};

t.test('groupOf: the folder of the case id', async (t) => {
  t.equal(groupOf('close/unread-data-sends-rst'), 'close');
  t.equal(groupOf('a/b/c'), 'a/b');
  t.equal(groupOf('loose'), '');
});

t.test('groups and cases as declared, whatever order they come in', async (t) => {
  t.same([...order.cases].reverse().sort(compareCaseIds(order)), order.cases);
  t.same(['rst', 'connect', 'close'].sort(compareGroups(order)), ['connect', 'close', 'rst']);
});

t.test('cases and groups not declared come after, alphabetically', async (t) => {
  const ids = ['zeta/one', 'close/zz-new', 'alpha/two', 'close/aa-new', 'close/unread-data-sends-rst', 'connect/syn-dropped'];
  t.same(ids.sort(compareCaseIds(order)), ['connect/syn-dropped', 'close/unread-data-sends-rst', 'close/aa-new', 'close/zz-new', 'alpha/two', 'zeta/one']);
});

t.test('with no declared order, by name (the control: the declared order is what moves connect before close)', async (t) => {
  t.same([...order.cases].sort(compareCaseIds(BY_NAME)), [
    'close/all-read-sends-fin', 'close/unread-data-sends-rst', 'connect/refused-closed-port', 'connect/syn-dropped', 'rst/never-acknowledged',
  ]);
});
