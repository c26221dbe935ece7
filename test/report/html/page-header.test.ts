import t from 'tap';
import { pageHeader } from '../../../harness/report/html/page-header.ts';
import { resultColumns } from '../../../harness/report/html/result-columns.ts';
import { everyStatus, runReport } from '../../fixtures/case-results.ts';
import { htmlReport } from './html-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

t.test('where and when, the totals, runtimes with the reason any is missing', async (t) => {
  const report = runReport(everyStatus());
  withFragment(pageHeader(report, resultColumns(report)), (doc) => {
    t.equal(attrs(doc, '//p[@class="run-meta"]')[0],
      '2025-01-02 03:04:05 UTC · sockspec 0.1.0 · linux 6.8.0-test x64 · node v20.20.2 · isolation none · capture unavailable (tcpdump not found) · over ipv4');
    t.match(pageHeader({ ...report, results: [...report.results, { ...report.results[0]!, family: 'ipv6' }] }, resultColumns({ ...report, results: [...report.results, { ...report.results[0]!, family: 'ipv6' }] })), '· over ipv4 and ipv6</p>', 'both families said');
    t.same(attrs(doc, '//div[contains(@class,"total")]/span[@class="big"]'), ['2', '5', '1', '1.2']);
    t.equal(doc.get('//div[contains(@class,"t-fail")]/span')?.content, '5', 'failures stand out');
    t.equal(doc.get('//div[contains(@class,"t-time")]/small')?.content, 'wall time of the run', 'one run: its own time');
    t.same(attrs(doc, '//details[@class="runtimes"]//tbody/tr/td[1]'), ['node', 'c', 'deno', 'python']);
    t.match(doc.get('//details[@class="runtimes"]//tbody/tr[4]/td[4]')?.content, 'missing python3 not found quote');
  });
});

t.test('files that did not load are listed, escaped; results from several platforms are said so', async (t) => {
  const report = htmlReport();
  withFragment(pageHeader(report, resultColumns(report)), (doc) => {
    t.equal(doc.get('//div[@class="load-errors"]/b')?.content, '1 file did not load');
    t.equal(doc.get('//div[@class="load-errors"]//code')?.content, 'suites/close/broken.ts');
    t.match(attrs(doc, '//p[@class="run-meta"]')[1], 'Results from 2 platforms: linux, darwin.');
  });
  const clean = runReport(everyStatus(), { loadErrors: [] });
  withFragment(pageHeader(clean, resultColumns(clean)), (doc) => {
    t.equal(doc.find('//div[@class="load-errors"]').length, 0);
    t.equal(doc.find('//p[@class="run-meta"]').length, 1);
  });
});

t.test('a merged report lists each run merged in, and which run a load error came from', async (t) => {
  const base = htmlReport();
  const origin = (label: string, os: string) => ({
    ...base.platform, os, label, source: `${label}/results.json`, sockspec: '0.1.0', startedAt: '2025-01-02T03:04:05.678Z',
    runtimes: base.runtimes, columns: ['c', 'node'], summary: base.summary,
  });
  const report = { ...base, platforms: [origin('linux', 'linux'), origin('darwin', 'darwin')], loadErrors: [{ file: 'darwin/results.json', message: 'unreadable', platform: 'darwin' }] };
  withFragment(pageHeader(report, resultColumns(report)), (doc) => {
    t.same(attrs(doc, '//details[contains(@class,"merged")]//tbody/tr/td[1]'), ['linux', 'darwin']);
    t.same(attrs(doc, '//details[contains(@class,"merged")]//tbody/tr/td[6]'), ['1.2 s', '1.2 s'], 'each run\'s own time');
    t.same(attrs(doc, '//details[contains(@class,"merged")]//tbody/tr/td[7]'), ['linux/results.json', 'darwin/results.json']);
    t.match(doc.get('//div[contains(@class,"t-time")]/small')?.content, 'wall time of the runs, first start to last end');
    t.equal(doc.get('//div[@class="load-errors"]//span[@class="pf"]')?.content, 'darwin');
  });
});
