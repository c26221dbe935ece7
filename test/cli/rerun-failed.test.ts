// `--failed` reruns exactly the runs the last results.json held as unexpected (case, runtime column, variant), and says clearly when there is nothing to rerun.
// Runs beside another file: the collateral round trip on C and a wrong peer's stand-in, whose failure is its own doing.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { closingLines, readFailed, rerunCommand, runKey } from '../../harness/cli/rerun-failed.ts';
import { UsageError } from '../../harness/cli/exit-codes.ts';
import { familyOf } from '../../harness/case/family.ts';
import type { RunReport } from '../../harness/result/case-result.ts';
import { FIXTURE_RUNTIMES, ROOT, runCli } from '../helpers/run-cli.ts';

const COLLATERAL = path.join(ROOT, 'test', 'collateral');
/** A case that passes everywhere and one a wrong peer fails, over a wrong-peer:c pair and c alone. */
const SOURCES = ['--suites', path.join(COLLATERAL, 'passing', 'suites'), '--suites', path.join(COLLATERAL, 'wrong-peer', 'suites'), '--agents-dir', FIXTURE_RUNTIMES];
const ENV = { SOCKSPEC_WRONG_PEER: 'close-drains', GITHUB_ACTIONS: '' };
const keys = (report: RunReport | null, which: (status: string) => boolean): string[] =>
  (report?.results ?? []).filter((r) => which(r.status)).map((r) => runKey(r.id, r.runtime, r.variant, familyOf(r))).sort();
const unexpected = (s: string): boolean => ['fail', 'unexpected-pass', 'error', 'crash', 'timeout'].includes(s);

t.test('a failing run names its reports and its rerun; --failed then runs exactly what failed, on the runtime column it failed on', async (t) => {
  const out = t.testdir();
  const first = await runCli([...SOURCES, '--pair', 'wrong-peer:c', '--pair', 'c:c'], out, ENV);
  const failed = keys(first.report, unexpected);
  if (failed.length === 0) return void t.comment(`the wrong peer did not fail here (${first.stderr || first.stdout.slice(-300)}): nothing to rerun`);
  t.equal(first.exitCode, 1);
  t.ok(keys(first.report, (s) => !unexpected(s)).length > 0, 'some runs passed: the rerun is a real subset');
  t.ok(first.report!.results.some((r) => r.id === 'collateral/reset-expected' && r.runtime === 'c' && r.status === 'pass'), 'the same case passed on c: case ids alone would not do');
  t.match(first.stdout, new RegExp(`^# reports in ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/ \\(index\\.html, results\\.tap, junit\\.xml, results\\.json\\)$`, 'm'), 'where the reports are');
  const hint = /^# rerun the (failure|\d+ failures): (.+)$/m.exec(first.stdout);
  t.ok(hint, 'and the command that reruns the failures');
  t.equal(hint?.[2], rerunCommand({ out, filters: [], catalogue: false, suitesDirs: SOURCES.filter((_, i) => SOURCES[i - 1] === '--suites'), agentsDirs: [FIXTURE_RUNTIMES] }));

  const again = await runCli(['--failed', ...SOURCES], out, ENV);
  t.equal(again.exitCode, 1, again.stderr);
  t.same(keys(again.report, () => true), failed, 'the rerun ran exactly the runs that failed, nothing else');
  t.same(keys(again.report, unexpected), failed, 'and they still fail (the peer is still wrong)');
});

t.test('negative controls: no results.json, one where nothing failed, one that is not sockspec\'s: a usage error saying so', async (t) => {
  const out = t.testdir();
  const none = await runCli(['--failed', ...SOURCES], out, ENV);
  t.equal(none.exitCode, 2);
  t.match(none.stderr, `Expected \`--failed\` to read the last run's ${path.join(out, 'results.json')}: there is none; run sockspec first, or give that run's folder with --out`);

  const green = await runCli([...SOURCES, '--runtime', 'c'], out, ENV);
  t.equal(green.exitCode, 0, green.stderr);
  t.notMatch(green.stdout, /^# rerun/m, 'nothing failed: no rerun line');
  const nothing = await runCli(['--failed', ...SOURCES], out, ENV);
  t.equal(nothing.exitCode, 2);
  t.match(nothing.stderr, /Nothing failed in .*results\.json \(2 results, none fail, unexpected-pass, error, crash or timeout\): nothing for `--failed` to rerun/);
  t.match(await readFile(path.join(out, 'results.json'), 'utf8'), /"status": "pass"/, 'and the last report is left as it was');

  await writeFile(path.join(out, 'results.json'), '{"results": ');
  await t.rejects(readFailed(out), /Expected .*results\.json to be a results\.json written by sockspec, for `--failed`; it is not JSON/);
});

t.test('--failed picks the runtimes itself: --runtime or --pair beside it is a usage error', async (t) => {
  const out = t.testdir({ 'results.json': JSON.stringify({ results: [{ id: 'collateral/round-trip', runtime: 'c', variant: null, status: 'fail' }] }) });
  const r = await runCli(['--failed', '--runtime', 'c', ...SOURCES], out, ENV);
  t.equal(r.exitCode, 2);
  t.match(r.stderr, 'Expected `--failed` without `--runtime` or `--pair`');
});

t.test('the selection: each unexpected run by case, runtime column, variant and family (absent: ipv4); the pairs and families from them', async (t) => {
  const results = [
    { id: 'close/a', runtime: 'node', variant: 'pauseOnConnect', family: 'ipv6', status: 'fail' },
    { id: 'close/a', runtime: 'node', variant: 'pauseOnConnect', family: 'ipv4', status: 'pass' },
    { id: 'close/a', runtime: 'node', variant: null, status: 'pass' },
    { id: 'close/a', runtime: 'go:rust', variant: 'tokio', status: 'timeout' },
    { id: 'close/b', runtime: 'node@22.12.0', variant: null, status: 'unexpected-pass' },
    { id: 'close/b', runtime: 'c', variant: null, status: 'divergence' },
    { id: 'close/c', runtime: 'c', variant: null, status: 'skip' },
  ];
  const sel = await readFailed(t.testdir({ 'results.json': JSON.stringify({ results }) }));
  t.same([...sel.keys].sort(), [runKey('close/a', 'go:rust', 'tokio', 'ipv4'), runKey('close/a', 'node', 'pauseOnConnect', 'ipv6'), runKey('close/b', 'node@22.12.0', null, 'ipv4')].sort());
  t.same(sel.families, ['ipv4', 'ipv6'], 'both families failed somewhere: both are planned, the keys pick the runs');
  t.same([...sel.ids].sort(), ['close/a', 'close/b']);
  t.same(sel.pairs, [['node', 'node'], ['go', 'rust'], ['node@22.12.0', 'node@22.12.0']]);
  const err = await readFailed(t.testdir({ 'results.json': '{"sockspec": "0.1.0"}' })).catch((e: unknown) => e);
  t.ok(err instanceof UsageError, 'a report without a results list: a usage error');
  t.match(String(err), /to have a `results` list, for `--failed`; it has none/);
});

t.test('the closing lines: a run repeated counts once (no family is ipv4), each family its own run; the command keeps case folders given, not filters, and quotes what a shell would split', async (t) => {
  const o = { out: 'my reports', filters: ['close', ROOT], catalogue: true, suitesDirs: ['./cases'], agentsDirs: [] };
  const fail = { id: 'close/a', runtime: 'c', variant: null, status: 'fail' as const };
  t.same(closingLines(o, ['index.html'], [fail, fail, { ...fail, family: 'ipv4' as const }, { ...fail, runtime: 'node' }, { ...fail, family: 'ipv6' as const }, { ...fail, status: 'pass' as const, id: 'close/b' }]), [
    'reports in my reports/ (index.html)',
    `rerun the 3 failures: npx sockspec ${ROOT} --failed --catalogue --suites ./cases --out 'my reports'`,
  ]);
  t.same(closingLines({ ...o, out: 'reports' }, ['index.html'], [{ ...fail, status: 'divergence' as const }]), ['reports in reports/ (index.html)']);
});
