// A platform note scoped to kernel releases (connect/syn-dropped's two SYNs before Linux 6.5): checked at load, applied by release.
import path from 'node:path';
import t from 'tap';
import type { Divergence } from '../../harness/case/case-types.ts';
import { loadCases } from '../../harness/case/load-cases.ts';
import { validateCase } from '../../harness/case/validate-case.ts';
import { applicableDivergences, type RunIdentity } from '../../harness/verdict/applicable-divergences.ts';
import { ROOT } from '../helpers/run-cli.ts';

const before65: Divergence = { platform: 'linux', kernel: { below: '6.5' }, verified: false, reason: 'two SYNs', source: 'tcp_timer.c' };
const who = (kernel?: string): RunIdentity => ({ server: 'c', client: 'c', variant: null, platform: 'linux', ...(kernel === undefined ? {} : { kernel }) });

t.test('the note holds on a kernel in its range, as uname -r names it', async (t) => {
  t.same(applicableDivergences([before65], who('6.1.0-28-amd64')), [before65], 'Debian 12\'s 6.1');
  t.same(applicableDivergences([before65], who('6.4.16')), [before65]);
  t.same(applicableDivergences([before65], who('6.5.0-1-generic')), [], '6.5 is not below 6.5');
  t.same(applicableDivergences([before65], who('6.18.44-fc-v1272')), [], 'this machine\'s kernel');
  t.same(applicableDivergences([before65], who()), [before65], 'no release given (the reference): every scope');
  t.same(applicableDivergences([before65], { ...who('6.1.0'), platform: 'darwin' }), [], 'and only on its platform');
});

t.test('a case file\'s kernel scope is checked at load', async (t) => {
  const { cases } = await loadCases([path.join(ROOT, 'suites')], ROOT);
  const note = cases.find((c) => c.id === 'connect/syn-dropped')?.divergences?.find((d) => d.kernel !== undefined);
  t.same(note?.kernel, { below: '6.5' }, 'connect/syn-dropped carries it');
  const kase = { description: 'x', spec: ['x'], steps: [{ role: 'server', op: 'listen', as: 'l' }], wrongNetwork: { skipStep: 'x', why: 'x' } };
  const bad = validateCase({ ...kase, divergences: [{ ...before65, kernel: '<6.5' }] });
  t.match(bad.ok ? '' : bad.problems.map((p) => p.message).join('\n'), /kernel.*did you mean \{ below: '6\.5' \}/s, 'a string range names the object it meant');
});
