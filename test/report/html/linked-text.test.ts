import t from 'tap';
import { linkedText } from '../../../harness/report/html/linked-text.ts';
import { withFragment } from './parse-fragment.ts';

t.test('http(s) addresses become links; the rest stays escaped text', async (t) => {
  const html = linkedText('see https://github.com/nodejs/node/blob/main/lib/net.js#L1, and <b>not this</b>.');
  withFragment(html, (doc) => {
    t.equal(doc.get('//a/@href')?.content, 'https://github.com/nodejs/node/blob/main/lib/net.js#L1');
    t.equal(doc.find('//b').length, 0);
    t.equal(doc.get('/root')?.content, 'see https://github.com/nodejs/node/blob/main/lib/net.js#L1, and <b>not this</b>.');
  });
});

t.test('trailing punctuation is not part of the link; two links; no other scheme is linked', async (t) => {
  withFragment(linkedText('(http://a.example/x). https://b.example/y; javascript:alert(1) ftp://c.example'), (doc) => {
    t.same(doc.find('//a/@href').map((n) => n.content), ['http://a.example/x', 'https://b.example/y']);
  });
});

t.test('a quote ends an address, so it cannot break out of the attribute', async (t) => {
  withFragment(linkedText('https://x.example/"onmouseover="alert(1)'), (doc) => {
    t.equal(doc.get('//a/@href')?.content, 'https://x.example/');
    t.equal(doc.find('//a/@onmouseover').length, 0);
  });
});

t.test('text without an address is plain escaped text', async (t) => {
  t.equal(linkedText('nodejs/node lib/net.js: a < b'), 'nodejs/node lib/net.js: a &lt; b');
});
