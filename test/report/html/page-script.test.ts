import t from 'tap';
import { PAGE_SCRIPT } from '../../../harness/report/html/page-script.ts';
import { PAGE_STYLE } from '../../../harness/report/html/page-style.ts';

t.test('the script is valid JavaScript that cannot end its <script> element early', async (t) => {
  t.doesNotThrow(() => new Function(PAGE_SCRIPT));
  t.notMatch(PAGE_SCRIPT, /<\/script/i);
  t.notMatch(PAGE_SCRIPT, /<!--/);
});

t.test('neither script nor style can reach the network', async (t) => {
  t.notMatch(PAGE_SCRIPT, /\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import\s*\(|importScripts|\.src\s*=|innerHTML|eval)\b/);
  t.notMatch(PAGE_STYLE, /url\(|@import|@font-face/i);
  t.notMatch(PAGE_STYLE, /<\/style/i);
});
