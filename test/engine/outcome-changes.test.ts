import path from 'node:path';
import t from 'tap';
import { outcomeChanges } from '../../harness/engine/outcome-changes.ts';
import { caseResult } from '../fixtures/case-results.ts';
import { ROOT, runCli } from '../helpers/run-cli.ts';

const run = (repeat: number, status: 'pass' | 'fail' | 'divergence', runtime = 'c') =>
  caseResult({ id: 'g/a', runtime, name: `g/a [${runtime}] (run ${repeat} of 5)`, repeat, status, expected: status !== 'fail',
    failures: status === 'fail' ? [{ at: 'step 6 (client reads the reset)', wanted: 'ECONNRESET', found: 'EOF' }] : [] });

t.test('the same outcome every run: nothing to report', async (t) => {
  t.same(outcomeChanges([1, 2, 3].map((k) => run(k, 'pass')), 3), []);
  t.same(outcomeChanges([caseResult({ status: 'fail' })], 1), [], 'results without repeat are not looked at');
});

t.test('a changed outcome is one failure, counting each outcome and naming the runs', async (t) => {
  const results = [run(1, 'pass'), run(2, 'fail'), run(3, 'pass'), run(4, 'pass'), run(5, 'fail'), ...[1, 2].map((k) => run(k, 'divergence', 'node'))];
  const [changed, ...rest] = outcomeChanges(results, 5);
  t.same(rest, [], 'only the job whose outcome changed');
  t.equal(changed?.name, 'g/a [c, ipv4] (outcome changed over 5 runs)');
  t.equal(changed?.status, 'fail');
  t.equal(changed?.expected, false);
  t.equal(changed?.reason, 'the outcome changed between runs of the same case: pass ×3, fail ×2');
  t.same(changed?.failures, [
    { at: 'repeat', wanted: 'the same outcome in all 5 runs', found: 'pass in runs 1, 3-4; fail in runs 2, 5' },
    { at: 'run 2: step 6 (client reads the reset)', wanted: 'ECONNRESET', found: 'EOF' },
  ]);
});

t.test('through the CLI: --repeat 3 against a server that is wrong every other time', async (t) => {
  const out = t.testdir();
  // The flaky server is wrong every other time it starts: with agents started ahead, run 2's start before run 1 has
  // begun, so which run fails would follow the pool's look-ahead, not this test's subject (--agents-ahead 0 keeps one order).
  const r = await runCli(['--agents-dir', path.join(ROOT, 'test', 'fixtures', 'flaky-runtimes'), '--pair', 'flaky:c', '--repeat', '3', '--jobs', '1', '--agents-ahead', '0', '-R', 'tap', 'close/unread-data-sends-rst'], out);
  t.equal(r.exitCode, 1, 'a changed outcome fails the run');
  const names = r.report?.results.map((x) => `${x.name}: ${x.status}`);
  t.same(names, [
    'close/unread-data-sends-rst [flaky:c, ipv4] (run 1 of 3): pass',
    'close/unread-data-sends-rst [flaky:c, ipv4] (run 2 of 3): fail',
    'close/unread-data-sends-rst [flaky:c, ipv4] (run 3 of 3): pass',
    'close/unread-data-sends-rst [flaky:c, ipv4] (outcome changed over 3 runs): fail',
  ]);
  t.match(r.tap, /not ok 4 - close\/unread-data-sends-rst \[flaky:c, ipv4\] \(outcome changed over 3 runs\)/);
  t.match(r.tap, /found: pass in runs 1, 3; fail in run 2/);
  t.match(r.stdout, /^# 2 passed, 2 failed, 0 skipped$/m);
});
