import t from 'tap';
import { caseIndex } from '../../../harness/report/html/case-index.ts';
import { caseSection } from '../../../harness/report/html/case-section.ts';
import { matrixTable } from '../../../harness/report/html/matrix.ts';
import { resultColumns } from '../../../harness/report/html/result-columns.ts';
import { legendFilters } from '../../../harness/report/html/legend-filters.ts';
import type { CaseResult, RunReport } from '../../../harness/result/case-result.ts';
import { caseResult, everyStatus, runReport } from '../../fixtures/case-results.ts';
import { HOSTILE, htmlReport } from './html-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

const render = (report: RunReport): string => matrixTable(caseIndex(report), resultColumns(report), report);

t.test('one row per case and one cell per column in each, empty cells marked', async (t) => {
  const report = htmlReport();
  const entries = caseIndex(report);
  const { columns } = resultColumns(report);
  withFragment(render(report), (doc) => {
    t.equal(doc.find('//tr[@class="case-row"]').length, entries.length);
    t.equal(doc.find('//tr[@class="case-row"]/td').length, entries.length * columns.length);
    t.equal(doc.find('//td[@data-s]').length, report.results.length, 'a coloured cell per result');
    t.equal(doc.find('//td[@class="none"]').length, entries.length * columns.length - report.results.length);
    t.same(attrs(doc, '//tr[@class="group-row"]/th'), ['close', 'connect', 'halfopen', 'rst', 'write']);
  });
});

t.test('each status has its class and short text; harness trouble shares one category', async (t) => {
  const report = runReport(everyStatus().map((r, i) => ({ ...r, id: `g/case-${i}` })));
  withFragment(render(report), (doc) => {
    t.same(attrs(doc, '//td[@data-s]/@class'), ['s-pass', 's-fail', 's-skip', 's-divergence', 's-unexpected-pass', 's-trouble', 's-trouble', 's-trouble']);
    t.same(attrs(doc, '//td[@data-s]/@data-s'), ['pass', 'fail', 'skip', 'divergence', 'unexpected-pass', 'trouble', 'trouble', 'trouble']);
    t.same(attrs(doc, '//td[@data-s]/a'), ['pass', 'FAIL', 'skip', 'div.', 'unexp.', 'ERROR', 'CRASH', 'TIME']);
  });
});

t.test('every cell links to a run that its case section holds, and every row to its section', async (t) => {
  const report = htmlReport();
  const layout = resultColumns(report);
  const entries = caseIndex(report);
  const sections = entries.map((e) => caseSection(e, layout)).join('');
  withFragment(`${render(report)}${sections}`, (doc) => {
    const ids = new Set(attrs(doc, '//@id'));
    const links = attrs(doc, '//table[@id="matrix"]//a/@href');
    t.equal(links.length, report.results.length + entries.length);
    t.same(links.filter((href) => !ids.has(href.slice(1))), [], 'no dangling link');
  });
});

t.test('headers: a platform row when results come from several, a variant row when any column is a variant', async (t) => {
  withFragment(render(htmlReport()), (doc) => {
    t.equal(doc.find('//thead/tr').length, 3);
    t.same(attrs(doc, '//th[@class="ph"]'), ['linux', 'darwin']);
    t.equal(doc.get('//th[@class="ph"][1]/@colspan')?.content, '6');
    t.same(attrs(doc, '//th[@class="vh"]/@data-rt'), ['c', 'deno', 'node', 'node@pauseOnConnect', 'python', 'c:node', 'node']);
    t.equal(doc.get('//th[@class="rh"][text()="c:node"]/@title')?.content, 'server c, client node');
  });
  withFragment(render(runReport([caseResult(), caseResult({ runtime: 'c' })])), (doc) => {
    t.equal(doc.find('//thead/tr').length, 1, 'one platform, no variant: runtime names only');
    t.same(attrs(doc, '//th[@class="rh"]/@data-c'), ['0', '1'], 'the runtime headers are the leaves');
  });
});

t.test('headers: a family row of leaves under runtimes and variants when results come over both families; a family filter chip', async (t) => {
  const both = (r: CaseResult): CaseResult[] => [r, { ...r, family: 'ipv6', name: r.name.replace(']', ', ipv6]') }];
  const report = runReport([...both(caseResult({ runtime: 'c' })), ...both(caseResult()), ...both(caseResult({ variant: 'pauseOnConnect' }))]);
  const layout = resultColumns(report);
  withFragment(render(report), (doc) => {
    t.equal(doc.find('//thead/tr').length, 3, 'runtime, variant, family');
    t.same(attrs(doc, '//th[@class="fh"]'), ['v4', 'v6', 'v4', 'v6', 'v4', 'v6']);
    t.same(attrs(doc, '//th[@class="fh"]/@data-fm'), ['ipv4', 'ipv6', 'ipv4', 'ipv6', 'ipv4', 'ipv6']);
    t.same(attrs(doc, '//th[@class="fh"]/@data-c'), ['0', '1', '2', '3', '4', '5'], 'the family headers are the leaves');
    t.same(attrs(doc, '//th[@class="vh"]/@colspan'), ['2', '2', '2'], 'each variant spans its two families');
    t.same(attrs(doc, '//th[@class="rh"]/@colspan'), ['2', '4']);
    t.equal(doc.find('//td[@data-s]').length, 6);
  });
  withFragment(legendFilters(report, layout), (doc) => {
    t.same(attrs(doc, '//input[@name="family"]/@value'), ['ipv4', 'ipv6']);
  });
  const one = runReport([caseResult({ runtime: 'c' }), caseResult()]);
  withFragment(`${render(one)}${legendFilters(one, resultColumns(one))}`, (doc) => {
    t.equal(doc.find('//th[@class="fh"]').length, 0, 'the control: one family, no family row');
    t.equal(doc.find('//input[@name="family"]').length, 0, 'and no family filter');
    t.same(attrs(doc, '//th[@class="rh"]/@data-fm'), ['ipv4', 'ipv4'], 'the leaves still say it');
  });
});

t.test('case ids, descriptions and reasons are text, never markup', async (t) => {
  const report = runReport([caseResult({ id: `x/${HOSTILE}`, reason: HOSTILE, status: 'fail' })]);
  withFragment(render(report), (doc) => {
    t.equal(doc.find('//script | //img').length, 0);
    t.match(doc.get('//tr[@class="case-row"]/th/a')?.content, 'x/<script>window.pwned=1</script>');
    t.match(doc.get('//td/a/@title')?.content, '<img src=');
  });
});

t.test('headers: results on more than one net name each column\'s net in the leaf row (kernel unnamed); one net: none', async (t) => {
  const onNets = (r: CaseResult): CaseResult[] => [r, { ...r, net: 'mptcp', name: r.name.replace(']', ', mptcp]') }];
  const report = runReport([...onNets(caseResult({ runtime: 'c' })), ...onNets(caseResult())]);
  withFragment(render(report), (doc) => {
    t.equal(doc.find('//thead/tr').length, 2, 'runtime, then the leaf row');
    t.same(attrs(doc, '//th[@class="fh"]'), ['', 'mptcp', '', 'mptcp']);
    t.same(attrs(doc, '//th[@class="fh"]/@data-nt'), ['kernel', 'mptcp', 'kernel', 'mptcp']);
    t.same(attrs(doc, '//th[@class="rh"]/@colspan'), ['2', '2'], 'each runtime spans its nets');
    t.equal(doc.find('//td[@data-s]').length, 4);
  });
  withFragment(render(runReport([caseResult({ runtime: 'c' }), caseResult()])), (doc) => {
    t.equal(doc.find('//th[@class="fh"]').length, 0, 'the control: kernel alone, no leaf row');
  });
});
