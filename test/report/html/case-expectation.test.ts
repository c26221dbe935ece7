import t from 'tap';
import { caseExpectation } from '../../../harness/report/html/case-expectation.ts';
import { HOSTILE, unreadInfo } from './html-fixture.ts';
import { attrs, withFragment } from './parse-fragment.ts';

const html = caseExpectation(unreadInfo());

t.test('the kernel layer: each step with what it expects, in words', async (t) => {
  withFragment(html, (doc) => {
    const rows = doc.find('//table[contains(@class,"decl")]/tbody/tr');
    t.equal(rows.length, 2);
    t.same(rows.map((r) => r.get('td[5]')?.content), ['—', 'ECONNRESET']);
    t.same(attrs(doc, '//table[contains(@class,"decl")]/tbody/tr/td[4]'), ['server listen', 'client reads the reset']);
  });
});

t.test('the wire rules as sentences with their reasons', async (t) => {
  withFragment(html, (doc) => {
    t.same(attrs(doc, '//ul[@class="wire-rules"]/li'), [
      'the server sends a RST+ACK the unread data forces an abort',
      'the server sends no FIN',
    ]);
  });
  withFragment(caseExpectation({ ...unreadInfo(), wire: [] }), (doc) => {
    t.match(doc.get('//p[@class="muted"]')?.content, 'No wire rules');
  });
});

t.test('each divergence: who, role and peers, verified or not, reason, source (linked), and what is observed instead', async (t) => {
  withFragment(html, (doc) => {
    const rows = doc.find('//table[@class="divergences"]/tbody/tr');
    t.equal(rows.length, 3);
    t.same(rows.map((r) => r.get('td[1]')?.content), ['node', 'darwin', 'bun bun-api']);
    t.same(rows.map((r) => r.get('td[2]')?.content), ['server', '—', 'client, against c, python']);
    t.same(rows.map((r) => r.get('td[3]')?.content), ['verified', 'unverified', 'verified']);
    t.equal(rows[0]?.get('td[4]/div[@class="source"]/a/@href')?.content, 'https://github.com/nodejs/node/blob/main/lib/net.js');
    t.equal(rows[0]?.get('td[5]')?.content, 'client reads the reset: EOF');
    t.match(rows[0]?.get('td[4]')?.content, `Node reads eagerly ${HOSTILE.slice(0, 20)}`);
    t.equal(doc.find('//script | //img').length, 0, 'a hostile reason stays text');
  });
});

t.test('variants are listed with their runtimes', async (t) => {
  withFragment(html, (doc) => {
    t.same(attrs(doc, '//ul[@class="variants"]/li'), ['pauseOnConnect node:net with pauseOnConnect (node, bun)']);
  });
  withFragment(caseExpectation({ ...unreadInfo(), divergences: [], variants: [] }), (doc) => {
    t.equal(doc.find('//ul[@class="variants"]').length, 0);
    t.match(doc.get('//p[@class="muted"]')?.content, 'No documented divergence');
  });
});
