import t from 'tap';
import { caseIndex, groupOf } from '../../../harness/report/html/case-index.ts';
import { caseResult, runReport } from '../../fixtures/case-results.ts';
import { htmlReport, unreadInfo } from './html-fixture.ts';

t.test('every case with a result or a declaration, sorted by id, results by column key', async (t) => {
  const entries = caseIndex(htmlReport());
  t.same(entries.map((e) => e.id), [...new Set(entries.map((e) => e.id))].sort());
  const unread = entries.find((e) => e.id === 'close/unread-data-sends-rst');
  t.equal(unread?.info?.id, 'close/unread-data-sends-rst');
  t.same([...(unread?.results.keys() ?? [])], ['linux node ipv4', 'linux node@pauseOnConnect pauseOnConnect ipv4', 'linux python ipv4', 'darwin node ipv4', 'linux c:node ipv4']);
  t.equal(entries.find((e) => e.id === 'close/all-read-sends-fin')?.info, undefined, 'no declaration recorded');
});

t.test('a declared case without results still has an entry; of two results in one column the first shows', async (t) => {
  const info = { ...unreadInfo(), id: 'zz/declared-only' };
  const first = caseResult({ reason: 'first' });
  const entries = caseIndex(runReport([first, caseResult({ reason: 'second' })], { cases: [info] }));
  t.equal(entries.find((e) => e.id === 'zz/declared-only')?.results.size, 0);
  t.equal(entries.find((e) => e.id === first.id)?.results.get('linux node ipv4')?.reason, 'first');
});

t.test('the group is the first path part', async (t) => {
  t.equal(groupOf('close/unread-data-sends-rst'), 'close');
  t.equal(groupOf('flat'), '');
});
