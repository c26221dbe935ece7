import t from 'tap';
import { escapeHtml, safeHref } from '../../../harness/report/html/escape-html.ts';
import { WEIRD } from '../../fixtures/case-results.ts';
import { HOSTILE } from './html-fixture.ts';
import { withFragment } from './parse-fragment.ts';

t.test('markup characters become entities, in text and in quoted attributes alike', async (t) => {
  t.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  t.equal(escapeHtml(42), '42');
});

t.test('controls, DEL, C1 and lone surrogates become visible \\uXXXX; tabs, newlines, emoji and accents stay', async (t) => {
  t.equal(escapeHtml('a\u0000b\u0007c\u007fd\u0085e\ud800f'), 'a\\u0000b\\u0007c\\u007fd\\u0085e\\ud800f');
  t.equal(escapeHtml('tab\tline\n✓ ünï 😀'), 'tab\tline\n✓ ünï 😀');
});

t.test('hostile text read back from an element and an attribute is the text itself, not markup', async (t) => {
  const text = `${HOSTILE} ${WEIRD}`;
  withFragment(`<p title="${escapeHtml(text)}">${escapeHtml(text)}</p>`, (doc) => {
    t.equal(doc.find('//p').length, 1);
    t.equal(doc.find('//script | //img').length, 0, 'no element came from the text');
    const shown = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Surrogate}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    t.equal(doc.get('//p')?.content, shown);
  });
});

t.test('safeHref keeps relative report paths and refuses anything with a scheme or a host', async (t) => {
  t.equal(safeHref('pcap/close_unread__node.pcap'), 'pcap/close_unread__node.pcap');
  t.equal(safeHref('pcap/a b#c?.pcap'), 'pcap/a%20b%23c%3F.pcap');
  t.equal(safeHref('javascript:alert(1)'), null);
  t.equal(safeHref('JavaScript:alert(1)'), null);
  t.equal(safeHref('data:text/html,x'), null);
  t.equal(safeHref('//evil.example/x'), null);
});
