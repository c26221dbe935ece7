// --family as a user runs it: both families by default, each run named and recorded with its own; --repeat and --failed per family; a case that names its address runs over its family only.
// Runs beside another file: its runs are the collateral round trip on C (connect, send, read) and usage errors: nothing timed.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { ROOT, runCli } from '../helpers/run-cli.ts';

const PASSING = ['--suites', path.join(ROOT, 'test', 'collateral', 'passing', 'suites')];
const ID = 'collateral/round-trip';

t.test('both families, repeated: a run per family and round, named, recorded and in JUnit with its family', async (t) => {
  const r = await runCli([...PASSING, '--runtime', 'c', '--family', 'ipv4,ipv6', '--repeat', '2', '--reporter', 'tap'], t.testdir());
  t.equal(r.exitCode, 0, r.stderr);
  t.same(r.report?.results.map((x) => [x.name, x.family, x.status]), [
    [`${ID} [c, ipv4] (run 1 of 2)`, 'ipv4', 'pass'], [`${ID} [c, ipv4] (run 2 of 2)`, 'ipv4', 'pass'],
    [`${ID} [c, ipv6] (run 1 of 2)`, 'ipv6', 'pass'], [`${ID} [c, ipv6] (run 2 of 2)`, 'ipv6', 'pass'],
  ]);
  t.same(r.report?.families, ['ipv4', 'ipv6'], 'the run\'s families in its header');
  const v6 = r.report?.results.find((x) => x.family === 'ipv6');
  t.match(v6?.capture.segments[0]?.src, /^\[::1\]:\d+$/, 'the ipv6 run really went over ::1');
  t.match(r.report?.results.find((x) => x.family === 'ipv4')?.capture.segments[0]?.src, /^127\.0\.0\.1:\d+$/, 'and the ipv4 run over 127.0.0.1');
  t.match(r.junit, /<testsuite name="sockspec \[c, ipv6\]"[^]*?<property name="family" value="ipv6"\/>/);
  t.match(r.stdout, /^ok \d - collateral\/round-trip \[c, ipv6\] \(run 1 of 2\)$/m, 'streamed with its name');
});

t.test('--family ipv6 alone runs ipv6 alone', async (t) => {
  const r = await runCli([...PASSING, '--runtime', 'c', '--family', 'ipv6'], t.testdir());
  t.equal(r.exitCode, 0, r.stderr);
  t.same(r.report?.results.map((x) => x.name), [`${ID} [c, ipv6]`]);
  t.same(r.report?.families, ['ipv6']);
});

t.test('--failed reruns the failed family only; a results file from before families reruns over ipv4', async (t) => {
  const out = t.testdir();
  const recorded = (family?: string, status = 'fail') => ({ id: ID, runtime: 'c', variant: null, status, ...(family ? { family } : {}) });
  await writeFile(path.join(out, 'results.json'), JSON.stringify({ results: [recorded('ipv4', 'pass'), recorded('ipv6')] }));
  const v6 = await runCli(['--failed', ...PASSING], out);
  t.equal(v6.exitCode, 0, v6.stderr);
  t.same(v6.report?.results.map((x) => x.name), [`${ID} [c, ipv6]`], 'only the ipv6 run, which failed');
  await writeFile(path.join(out, 'results.json'), JSON.stringify({ results: [recorded()] }));
  const old = await runCli(['--failed', ...PASSING], out);
  t.same(old.report?.results.map((x) => x.name), [`${ID} [c, ipv4]`], 'the control: no family recorded is ipv4');
});

t.test('a case whose step names ::1 runs over ipv6; over ipv4 it is a skip that says why', async (t) => {
  const dir = t.testdir({
    cases: {
      'pinned.ts': `import { defineCase } from '${path.join(ROOT, 'harness', 'index.ts')}';
export default defineCase(import.meta, {
  description: 'A listener on ::1 named by the case',
  spec: ['RFC 8200'],
  steps: [
    { role: 'server', op: 'listen', as: 'l', host: '::1' },
    { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'client connects', expect: { ok: true } },
  ],
});
`,
    },
  });
  const r = await runCli([path.join(dir, 'cases'), '--runtime', 'c', '--family', 'ipv4,ipv6'], path.join(dir, 'out'));
  t.equal(r.exitCode, 0, r.stderr);
  t.same(r.report?.results.map((x) => [x.family, x.status]), [['ipv4', 'skip'], ['ipv6', 'pass']]);
  t.match(r.report?.results[0]?.reason, 'the case pins ipv6 (a step names host ::1): it runs over ipv6 only, not ipv4');
});
