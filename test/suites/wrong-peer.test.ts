// Every case must be able to fail: each runs against the deliberately wrong peer its file
// declares (wrongPeer), and must come out `not ok` with a diagnostic naming step, wanted, found.
import path from 'node:path';
import t from 'tap';
import { loadCases } from '../../harness/case/load-cases.ts';
import { FIXTURE_RUNTIMES, ROOT, runCli } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';

const { cases, errors } = await loadCases([path.join(ROOT, 'suites')], ROOT);

t.same(errors, [], 'every case in suites/ loads');

for (const kase of cases) {
  t.test(kase.id, async (t) => {
    const wrong = kase.wrongPeer;
    if (wrong === undefined) {
      t.fail(`${kase.file} declares no wrongPeer: every case needs a negative control`);
      return;
    }
    const pair = wrong.role === 'server' ? 'wrong-peer:c' : 'c:wrong-peer';
    const run = await runCli(['--agents-dir', FIXTURE_RUNTIMES, '--pair', pair, '--reporter', 'tap', kase.id], t.testdir(), { SOCKSPEC_WRONG_PEER: wrong.mode });
    const result = run.report?.results.find((r) => r.variant === null);
    if (result?.status === 'skip') {
      t.plan(0, `not runnable here: ${result.reason ?? ''}`);
      return;
    }
    t.equal(run.exitCode, 1, 'the run fails');
    t.equal(result?.status, 'fail', `a semantics failure, not harness trouble (reason: ${result?.reason ?? 'none'})`);
    const first = result?.failures[0];
    t.match(first?.at ?? '', /^(step \d+ \(.+\)|wire)$/, 'the diagnostic names the step');
    t.ok(first?.wanted && first.found, 'and says what was wanted and what was found');
    const tap = await parseTap(run.tap);
    const point = tap.points[0];
    t.equal(point?.ok, false, 'results.tap has it not ok');
    t.match(point?.diag ?? {}, { at: first?.at, wanted: first?.wanted, found: first?.found }, 'with the same diagnostic in YAML');
    t.same(tap.tapErrors, [], 'results.tap parses in strict mode');
    t.equal(validateJunit(run.junit), null, 'junit.xml is valid against junit-10.xsd');
    t.match(run.junit, /<failure /, 'and reports a <failure>');
  });
}
