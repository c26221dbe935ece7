// The reference over two families: one statement where a run's families agree, each family named where they differ; the summary and the head likewise.
import t from 'tap';
import { caseReference } from '../../harness/reference/case-reference.ts';
import { referenceDocument } from '../../harness/reference/reference-document.ts';
import { BY_NAME } from '../../harness/reference/case-order.ts';
import { orderRuns } from '../../harness/reference/reference-document.ts';
import type { CaseResult } from '../../harness/result/case-result.ts';
import { placed, referenceReport, referenceResults, unreadCase } from './fixtures/reference-report.ts';

const kase = unreadCase();
const mine = referenceResults().filter((r) => r.id === kase.id);
const over6 = (rs: CaseResult[]): CaseResult[] => rs.map((r) => ({ ...r, family: 'ipv6' as const, name: r.name.replace(']', ', ipv6]') }));
const text = (rs: CaseResult[]): string => caseReference(kase, orderRuns(placed(rs), BY_NAME), { mainPlatform: 'linux', several: false });

t.test('both families alike: the same words as one family, each run stated once', async (t) => {
  t.equal(text([...mine, ...over6(mine)]), text(mine));
  t.notMatch(text([...mine, ...over6(mine)]), /over IPv[46]:|over IPv[46] \*\*|IPv[46]: /);
});

t.test('python differs over IPv6: its two statements name their families; the others stay one statement', async (t) => {
  const bent = over6(mine).map((r) => (r.runtime === 'python' && r.variant === null ? { ...r, status: 'fail' as const, failures: [{ at: 'step 6 (client reads the reset)', wanted: 'ECONNRESET', found: 'EOF' }] } : r));
  const said = text([...mine, ...bent]);
  t.match(said, '- **python** over IPv4: as the kernel layer (ECONNRESET as ConnectionResetError)');
  t.match(said, '- **python** over IPv6: **fails**');
  t.match(said, '- **c**, **node** `pauseOnConnect`: as the kernel layer', 'the runs that agree: one statement each, no family');
  t.notMatch(said, '**c** over', 'c is not split');
});

t.test('the C agent differing by family is said in the kernel layer\'s note', async (t) => {
  const bent = over6(mine).map((r) => (r.runtime === 'c' ? { ...r, status: 'fail' as const, failures: [{ at: 'wire', wanted: 'RST', found: 'FIN' }] } : r));
  t.match(text([...mine, ...bent]), '(as the case declares it; the C agent here: over IPv4 as declared; over IPv6 **not as declared**');
  t.match(text([...mine, ...over6(mine)]), '(as the case declares it; the C agent here: as declared)', 'the control: alike, one verdict');
});

t.test('the document: the head names the families and their addresses, a summary cell splits only where they differ', async (t) => {
  const all = referenceResults();
  const bent = over6(all).map((r) => (r.runtime === 'deno' && r.id === 'connect/refused-closed-port' ? { ...r, status: 'divergence' as const, reason: 'Deno on IPv6' } : r));
  const doc = referenceDocument(referenceReport({ results: [...all, ...bent], families: ['ipv4', 'ipv6'] }), BY_NAME);
  t.match(doc, '| address families | IPv4 (127.0.0.1; two hosts 192.0.2.1, 192.0.2.2) and IPv6 (::1; two hosts 2001:db8::1, 2001:db8::2) |');
  t.match(doc, 'IPv4: pass / IPv6: div.');
  t.equal(doc.match(/\| IPv4: /g)?.length, 1, 'one cell split, the rest one word each');
  const one = referenceDocument(referenceReport(), BY_NAME);
  t.match(one, '| address families | IPv4 (127.0.0.1; two hosts 192.0.2.1, 192.0.2.2) |', 'results from before families: IPv4');
});
