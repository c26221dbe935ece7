// The order files as the doc command reads them: the built-in suites', and bad ones refused with the file and field named.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { CaseOrderError, ORDER_FILE, parseGroupOrder, readCaseOrder } from '../../harness/reference/read-case-order.ts';
import { projectRoot } from '../../harness/toolchain/project-root.ts';

const SUITES = path.join(projectRoot, 'suites');

t.test('the built-in suites: every group declares its place, and every case file is placed', async (t) => {
  const order = await readCaseOrder(SUITES);
  const groups = readdirSync(SUITES).filter((g) => statSync(path.join(SUITES, g)).isDirectory()).sort();
  t.same([...order.groups].sort(), groups, `each group folder has its ${ORDER_FILE}`);
  const files = groups.flatMap((g) => readdirSync(path.join(SUITES, g)).filter((f) => f.endsWith('.ts')).map((f) => `${g}/${f.slice(0, -3)}`));
  t.same([...order.cases].sort(), files.sort(), 'every case file once, no other');
  t.same(order.groups.slice(0, 2), ['connect', 'close'], 'the reference starts with connecting, then closing');
});

t.test('a group folder without an order file: its cases are simply not placed', async (t) => {
  const dir = t.testdir({ a: { 'one.ts': '', 'two.ts': '', [ORDER_FILE]: '{ "position": 1, "cases": ["two", "one"] }' }, b: { 'x.ts': '' } });
  t.same(await readCaseOrder(dir), { groups: ['a'], cases: ['a/two', 'a/one'] });
});

t.test('bad order files: the file, the field, what was wanted, the closest choice', async (t) => {
  const names = ['unread-data-sends-rst', 'all-read-sends-fin'];
  const parse = (data: unknown) => () => parseGroupOrder('suites/close/order.json', 'close', data, names);
  t.same(parse({ position: 2, cases: ['all-read-sends-fin'] })(), { group: 'close', file: 'suites/close/order.json', position: 2, cases: ['all-read-sends-fin'] }, 'a good one (the control)');
  t.throws(parse(['x']), { message: 'suites/close/order.json: wanted an object such as { "position": 1, "cases": ["unread-data-sends-rst"] }, got ["x"]' });
  t.ok((() => { try { parse(null)(); } catch (error) { return error instanceof CaseOrderError; } return false; })(), 'an order file\'s own error, which the doc command prints');
  t.throws(parse({ positon: 2, cases: [] }), { message: 'suites/close/order.json: unknown key `positon`; the keys are `position` and `cases`. Did you mean `position`?' });
  t.throws(parse({ position: 0, cases: [] }), { message: /`position` \(the group's place among the groups\) wanted a whole number from 1, got 0/ });
  t.throws(parse({ position: 1.5, cases: [] }), { message: /wanted a whole number from 1, got 1.5/ });
  t.throws(parse({ position: 1, cases: 'all-read-sends-fin' }), { message: /`cases` wanted a list of this folder's case file names without .ts/ });
  t.throws(parse({ position: 1, cases: ['all-read-sends-fn'] }), { message: 'suites/close/order.json: `cases[0]` names `all-read-sends-fn`, which is no case file beside it. Did you mean `all-read-sends-fin`?' });
  t.throws(parse({ position: 1, cases: ['all-read-sends-fin', 'all-read-sends-fin'] }), { message: /`cases\[1\]` names `all-read-sends-fin` a second time/ });
});

t.test('two groups in one place, or a file that is not JSON, are refused naming the files', async (t) => {
  const twice = t.testdir({ a: { 'x.ts': '', [ORDER_FILE]: '{ "position": 1, "cases": [] }' }, b: { 'y.ts': '', [ORDER_FILE]: '{ "position": 1, "cases": [] }' } });
  await t.rejects(readCaseOrder(twice), { message: `${path.join(twice, 'b', ORDER_FILE)}: \`position\` 1 is already ${path.join(twice, 'a', ORDER_FILE)}'s; each group takes its own place` });
  const broken = t.testdir({ a: { [ORDER_FILE]: '{ "position": 1,' } });
  await t.rejects(readCaseOrder(broken), { message: new RegExp(`^${path.join(broken, 'a', ORDER_FILE)} is not JSON: `) });
  await t.rejects(readCaseOrder(path.join(broken, 'nowhere')), { message: /cannot read the suites folder .*nowhere for the order of its cases/ });
});
