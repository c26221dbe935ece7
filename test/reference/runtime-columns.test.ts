import t from 'tap';
import { columnRoles, compareColumns, compareVariants, runLabel } from '../../harness/reference/runtime-columns.ts';

t.test('columnRoles: one runtime, a version, a pair', async (t) => {
  t.same(columnRoles('node'), { server: 'node', client: 'node', pair: false });
  t.same(columnRoles('node@22.23.3'), { server: 'node', client: 'node', pair: false });
  t.same(columnRoles('c:node@22'), { server: 'c', client: 'node', pair: true });
});

t.test('compareColumns: the kernel layer first, the README order, others after, pairs last', async (t) => {
  const columns = ['zig', 'bun', 'node:c', 'python', 'c', 'node@22.23.3', 'deno', 'node', 'c:python', 'c:node'];
  t.same(columns.sort(compareColumns), ['c', 'node', 'node@22.23.3', 'python', 'deno', 'bun', 'zig', 'c:node', 'c:python', 'node:c']);
});

t.test('compareVariants: the idiomatic run first', async (t) => {
  t.same([null, 'b', 'a', null].sort(compareVariants), [null, null, 'a', 'b']);
});

t.test('runLabel', async (t) => {
  t.equal(runLabel('node', null), '**node**');
  t.equal(runLabel('node', 'pauseOnConnect'), '**node** `pauseOnConnect`');
  t.equal(runLabel('c:node', null), '**server c, client node**');
});
