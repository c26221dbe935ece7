import t from 'tap';
import { caseIndex } from '../../../harness/report/html/case-index.ts';
import { caseSection } from '../../../harness/report/html/case-section.ts';
import { resultColumns } from '../../../harness/report/html/result-columns.ts';
import { htmlReport } from './html-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

const report = htmlReport();
const layout = resultColumns(report);
const entries = caseIndex(report);
const section = (id: string): string => caseSection(entries.find((e) => e.id === id)!, layout);

t.test('a declared case: its id, tags, description, references and expectation, then its runs in column order', async (t) => {
  withFragment(section('close/unread-data-sends-rst'), (doc) => {
    t.equal(doc.get('/root/section/@id')?.content, 'case-close.unread-data-sends-rst');
    t.same(attrs(doc, '//h2/span[@class="tag"]'), ['close', 'rst']);
    t.match(doc.get('//p[@class="desc"]')?.content, 'Closing with unread data sends RST <script>');
    t.same(attrs(doc, '//div[@class="refs"]/ul/li'), ['RFC 9293 §3.10.4', 'https://www.rfc-editor.org/rfc/rfc2525#section-2.17.']);
    t.equal(doc.get('//div[@class="refs"]//a/@href')?.content, 'https://www.rfc-editor.org/rfc/rfc2525#section-2.17');
    t.equal(doc.find('//div[@class="expectation"]').length, 1);
    t.same(attrs(doc, '//details[contains(@class,"run")]/summary/b'),
      ['linux · node, ipv4', 'linux · node@pauseOnConnect pauseOnConnect, ipv4', 'linux · python, ipv4', 'linux · c:node, ipv4', 'darwin · node, ipv4']);
    t.same(attrs(doc, '//details[contains(@class,"run")]/@data-c').map(Number), [2, 3, 4, 5, 6], 'c and deno have no run of it');
    t.equal(doc.find('//script | //img').length, 0);
  });
});

t.test('a case the report did not declare says so and still lists its runs', async (t) => {
  withFragment(section('rst/never-acknowledged'), (doc) => {
    t.match(doc.get('//p[@class="muted"]')?.content, 'does not record the case');
    t.equal(doc.find('//details[contains(@class,"run")]').length, 1);
  });
});
