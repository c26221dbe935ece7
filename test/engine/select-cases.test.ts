import t from 'tap';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import { filterToRegExp, selectCases } from '../../harness/engine/select-cases.ts';

const kase = (id: string, description = `checks ${id}`): LoadedCase => ({
  id, file: `suites/${id}.ts`, description, spec: ['RFC 9293'], steps: [{ role: 'server', op: 'listen', as: 'l' }],
});
const cases = [
  kase('close/all-read-sends-fin', 'a server that read everything closes with FIN'),
  kase('close/unread-data-sends-rst', 'closing with unread data sends RST'),
  kase('closer/other'),
  kase('connect/refused-closed-port', 'connect() to a closed port is refused'),
  kase('rst/deep/never-acknowledged'),
];
const ids = (filters: string[], grep: RegExp | null = null): string[] => selectCases(cases, filters, grep).map((c) => c.id);

t.test('no filters and no grep: every case, in order', async (t) => {
  t.same(ids([]), cases.map((c) => c.id));
});

t.test('an exact id', async (t) => {
  t.same(ids(['close/unread-data-sends-rst']), ['close/unread-data-sends-rst']);
  t.same(ids(['close/unread-data']), [], 'a prefix of a name is not the name');
});

t.test('a group name selects the folder, not folders that start the same', async (t) => {
  t.same(ids(['close']), ['close/all-read-sends-fin', 'close/unread-data-sends-rst']);
  t.same(ids(['close/']), ['close/all-read-sends-fin', 'close/unread-data-sends-rst'], 'a trailing slash is the same');
  t.same(ids(['rst']), ['rst/deep/never-acknowledged'], 'and everything below it');
  t.same(ids(['rst/deep']), ['rst/deep/never-acknowledged']);
});

t.test('* stays within one path segment', async (t) => {
  t.same(ids(['close/*']), ['close/all-read-sends-fin', 'close/unread-data-sends-rst']);
  t.same(ids(['*/*-rst']), ['close/unread-data-sends-rst']);
  t.same(ids(['clos*']), ['close/all-read-sends-fin', 'close/unread-data-sends-rst', 'closer/other'], 'a glob on the group selects whole groups');
  t.same(ids(['*/never-acknowledged']), [], 'one * does not cross a /');
});

t.test('** crosses segments', async (t) => {
  t.same(ids(['**/never-acknowledged']), ['rst/deep/never-acknowledged']);
  t.same(ids(['**rst*']), ['close/unread-data-sends-rst', 'rst/deep/never-acknowledged']);
  t.same(ids(['**']), cases.map((c) => c.id));
});

t.test('regular-expression characters in a filter are literal', async (t) => {
  t.same(ids(['close.all-read-sends-fin']), []);
  t.same(ids(['c(lose)']), []);
  const re = filterToRegExp('a.b+c');
  t.ok(re.test('a.b+c'));
  t.notOk(re.test('axbbc'));
});

t.test('several filters: a case any of them selects, once', async (t) => {
  t.same(ids(['connect', 'close/*-fin', 'connect/refused-closed-port']), ['close/all-read-sends-fin', 'connect/refused-closed-port']);
});

t.test('--grep matches the id or the description, and narrows the filters', async (t) => {
  t.same(ids([], /RST/), ['close/unread-data-sends-rst'], 'description "sends RST"; ids are lower case');
  t.same(ids([], /refused/), ['connect/refused-closed-port']);
  t.same(ids([], /never-ack/), ['rst/deep/never-acknowledged'], 'the id');
  t.same(ids(['close'], /FIN/), ['close/all-read-sends-fin']);
  t.same(ids(['connect'], /FIN/), []);
  t.same(ids([], /nothing matches this/), []);
});

t.test('a case file path selects that file, however it is written', async (t) => {
  t.same(selectCases(cases, ['suites/close/unread-data-sends-rst.ts'], null, '/p').map((c) => c.id), ['close/unread-data-sends-rst']);
  t.same(selectCases(cases, ['./suites/close/../close/unread-data-sends-rst.ts'], null, '/p').map((c) => c.id), ['close/unread-data-sends-rst']);
  t.same(selectCases(cases, ['/p/suites/close/all-read-sends-fin.ts'], null, '/p').map((c) => c.id), ['close/all-read-sends-fin']);
  t.same(selectCases(cases, ['suites/close/nope.ts'], null, '/p'), [], 'a file that is no case selects nothing');
  t.same(selectCases(cases, ['close/unread-data-sends-rst.ts'], null, '/p'), [], 'a path is a path, not an id with an extension');
});
