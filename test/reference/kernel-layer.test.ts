import t from 'tap';
import { kernelLayer } from '../../harness/reference/kernel-layer.ts';
import type { PlacedResult } from '../../harness/reference/placed-result.ts';
import type { CaseInfo } from '../../harness/result/case-info.ts';
import { placed, referenceResults, refusedCase, unreadCase } from './fixtures/reference-report.ts';

const runsOf = (kase: CaseInfo, platform = 'linux'): PlacedResult[] => placed(referenceResults().filter((r) => r.id === kase.id), platform);

t.test('each asserted step, with the syscall the C agent saw fail; harness assertions as recorded; the wire in words', async (t) => {
  const k = kernelLayer(unreadCase(), runsOf(unreadCase()), 'linux', false);
  t.equal(k.note, 'the C agent here: as declared');
  t.same(k.items, [
    'step 6, *client reads the reset*: ECONNRESET (recv)',
    'step 7, *later reads return EOF*: EOF',
    'step 8, *no socket is left*: no socket left on the connection (only the listener)',
    'on the wire: the server sends a RST+ACK (the close resets the connection)',
    'on the wire: the server sends no FIN',
  ]);
});

t.test('without a C run: the declaration alone, and the note says so', async (t) => {
  const k = kernelLayer(refusedCase(), runsOf(refusedCase()).filter((r) => r.result.runtime !== 'c'), 'linux', false);
  t.equal(k.note, 'not measured here: no C run in these results');
  t.same(k.items[0], 'step 2, *client connects to the closed port*: ECONNREFUSED', 'no syscall without a passing C run');
});

t.test('wire rules a run could not check say why; a case without rules says so', async (t) => {
  const runs = runsOf(refusedCase()).map((r) => ({ ...r, result: { ...r.result, wire: { status: 'skipped' as const, reason: 'no capture permission' } } }));
  t.match(kernelLayer(refusedCase(), runs, 'linux', false).items.at(-1), /\(not checked here: no capture permission\)$/);
  t.same(kernelLayer({ ...refusedCase(), wire: [] }, runsOf(refusedCase()), 'linux', false).items.at(-1), 'on the wire: nothing asserted');
});

t.test('several platforms: the C verdict on each', async (t) => {
  const runs = [...runsOf(refusedCase()), ...runsOf(refusedCase(), 'darwin').map((r) => ({ ...r, result: { ...r.result, status: r.result.runtime === 'c' ? 'divergence' as const : r.result.status } }))];
  t.equal(kernelLayer(refusedCase(), runs, 'linux', true).note, 'the C agent here: on Linux as declared; on macOS differs, as documented (below)');
});
