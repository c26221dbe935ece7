import t from 'tap';
import { caseStimulus } from '../../harness/reference/case-stimulus.ts';
import type { PlacedResult } from '../../harness/reference/placed-result.ts';
import { placed, referenceResults, unreadCase } from './fixtures/reference-report.ts';

const kase = unreadCase();
const runs: PlacedResult[] = placed(referenceResults().filter((r) => r.id === kase.id));

t.test('every step, numbered as the case numbers them; labels that say more than the call are kept', async (t) => {
  t.same(caseStimulus(kase, runs), [
    '1. server listens on 127.0.0.1 (`l`)',
    '2. client connects to `l` (`c`)',
    '3. server accepts a connection on `l` (`s`)',
    '4. client sends `"bytes never read"` on `c`',
    '5. server closes `s`: *server closes with unread data*',
    '6. client reads from `c`: *client reads the reset*',
    '7. client reads from `c`: *later reads return EOF*',
    "8. the harness lists the kernel's sockets on the case's ports (ss): *no socket is left*",
  ]);
});

t.test('an idiomatic run is preferred to a variant (whose requests carry its options)', async (t) => {
  const variantFirst = runs.map((r) => (r.result.variant === null ? r : {
    ...r, result: { ...r.result, steps: r.result.steps.map((s) => (s.op === 'listen' ? { ...s, request: { ...s.request, pauseOnConnect: true } } : s)) },
  })).reverse();
  t.equal(caseStimulus(kase, variantFirst)[0], '1. server listens on 127.0.0.1 (`l`)');
  const onlyVariant = variantFirst.filter((r) => r.result.variant !== null);
  t.equal(caseStimulus(kase, onlyVariant)[0], '1. server listens on 127.0.0.1 with pauseOnConnect (`l`)', 'used when nothing else ran');
});

t.test('a step no run reached is told by role and op', async (t) => {
  t.equal(caseStimulus(kase, [])[4], '5. server does `close`: *server closes with unread data*');
});
