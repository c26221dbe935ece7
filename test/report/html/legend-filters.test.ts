import t from 'tap';
import { legendFilters } from '../../../harness/report/html/legend-filters.ts';
import { resultColumns } from '../../../harness/report/html/result-columns.ts';
import { everyStatus, runReport } from '../../fixtures/case-results.ts';
import { htmlReport } from './html-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

t.test('the legend names both vocabularies and counts each category; trouble sums error, crash and timeout', async (t) => {
  const report = runReport(everyStatus());
  withFragment(legendFilters(report, resultColumns(report)), (doc) => {
    t.same(attrs(doc, '//input[@name="status"]/@value'), ['pass', 'divergence', 'unexpected-pass', 'fail', 'skip', 'trouble']);
    t.same(attrs(doc, '//label[contains(@class,"s-")]/span[@class="n"]'), ['1', '1', '1', '1', '1', '3']);
    t.same(attrs(doc, '//span[@class="legend-head"]').slice(0, 2), ['case outcomes', 'harness trouble']);
    t.equal(doc.find('//input[@name="status"][@checked]').length, 6, 'everything shown at first');
  });
});

t.test('runtime chips per runtime column; platform chips only when results come from several', async (t) => {
  const merged = htmlReport();
  withFragment(legendFilters(merged, resultColumns(merged)), (doc) => {
    t.same(attrs(doc, '//input[@name="runtime"]/@value'), ['c', 'deno', 'node', 'node@pauseOnConnect', 'python', 'c:node']);
    t.same(attrs(doc, '//input[@name="platform"]/@value'), ['linux', 'darwin']);
    t.equal(doc.find('//input[@id="filter-text"]').length, 1);
    t.equal(doc.get('//div[input[@id="filter-text"]]/@class')?.content, 'needs-js filter-line', 'hidden without JS');
  });
  const single = runReport(everyStatus());
  withFragment(legendFilters(single, resultColumns(single)), (doc) => {
    t.equal(doc.find('//input[@name="platform"]').length, 0);
  });
});

t.test('net chips, kernel first, only when results come from several nets', async (t) => {
  const single = runReport(everyStatus());
  const onMptcp = runReport([...everyStatus(), ...everyStatus().map((r) => ({ ...r, net: 'mptcp' }))]);
  withFragment(legendFilters(onMptcp, resultColumns(onMptcp)), (doc) => {
    t.same(attrs(doc, '//input[@name="net"]/@value'), ['kernel', 'mptcp']);
    t.equal(doc.find('//input[@name="net"][@checked]').length, 2, 'every net shown at first');
  });
  withFragment(legendFilters(single, resultColumns(single)), (doc) => {
    t.equal(doc.find('//input[@name="net"]').length, 0, 'one net: no chips');
  });
});
