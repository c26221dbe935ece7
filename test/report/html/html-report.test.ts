import t from 'tap';
import { htmlReport } from '../../../harness/report/html/html-report.ts';
import { caseResult, runReport } from '../../fixtures/case-results.ts';
import { htmlReport as fixtureReport } from './html-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

const page = htmlReport(fixtureReport());
/** Everything but the doctype, the stylesheet and the script: all that comes from the results. */
const body = page.replace(/^<!DOCTYPE html>/, '').replace(/<style>[\s\S]*?<\/style>/, '').replace(/<script>[\s\S]*?<\/script>/, '');

t.test('one self-contained document: inline style and script, nothing to fetch, a policy that forbids fetching', async (t) => {
  t.match(page, /^<!DOCTYPE html>\n<html lang="en" class="no-js">/);
  t.equal(page.match(/<style>/g)?.length, 1);
  t.equal(page.match(/<script>/g)?.length, 1);
  t.notMatch(page, /<script [^>]*src|<link [^>]*stylesheet|<iframe|<img|<object|<embed|@import|url\(/i);
  t.match(page, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"/>`);
  withFragment(body, (doc) => {
    t.same(attrs(doc, '//@src'), [], 'no src attribute anywhere');
    const withScheme = attrs(doc, '//link/@href | //a/@href').filter((h) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(h));
    t.same(withScheme.filter((h) => !/^https?:\/\//.test(h) && h !== 'data:,'), [], 'outside links only where the text names a web page');
    t.equal(doc.find('//a[starts-with(@href,"http")][not(@target="_blank")]').length, 0, 'and they open elsewhere');
  });
});

t.test('every part the results feed is well-formed; hostile text never becomes markup', async (t) => {
  withFragment(body, (doc) => {
    t.equal(doc.find('//script | //img | //*[@onerror]').length, 0);
    t.equal(doc.find('//table[@id="matrix"]').length, 1);
    t.equal(doc.find('//section[@class="case"]').length, 7);
    t.equal(doc.find('//details[contains(concat(" ", @class, " "), " run ")]').length, fixtureReport().results.length);
  });
});

t.test('every # link lands on an element of the page, and ids are unique', async (t) => {
  withFragment(body, (doc) => {
    const ids = attrs(doc, '//@id');
    t.equal(new Set(ids).size, ids.length);
    const targets = attrs(doc, '//a/@href').filter((h) => h.startsWith('#')).map((h) => h.slice(1));
    t.same(targets.filter((id) => !ids.includes(id)), []);
  });
});

t.test('the title sums the run up', async (t) => {
  t.match(page, '<title>sockspec linux 2025-01-02: 5 passed, 5 failed, 1 skipped</title>');
});

t.test('an empty report is still a page', async (t) => {
  const empty = htmlReport(runReport([], { loadErrors: [] }));
  withFragment(empty.replace(/^<!DOCTYPE html>/, '').replace(/<style>[\s\S]*?<\/style>/, '').replace(/<script>[\s\S]*?<\/script>/, ''), (doc) => {
    t.equal(doc.find('//tr[@class="case-row"]').length, 0);
  });
});

t.test('the page size grows with the results, not faster', async (t) => {
  const one = htmlReport(runReport([caseResult()], { loadErrors: [] })).length;
  const many = htmlReport(runReport(Array.from({ length: 100 }, (_, i) => caseResult({ id: `g/case-${i}` })), { loadErrors: [] })).length;
  t.ok(many - one < 100 * 3000, `${many - one} bytes for 99 more plain results`);
});
