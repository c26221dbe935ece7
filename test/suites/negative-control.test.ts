// Every case must be able to fail: each runs under the negative control its file declares
// (wrongPeer: a deliberately wrong peer; wrongNetwork: the run without its fault step) and
// must come out `not ok` with a diagnostic naming step, wanted and found.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { loadCases } from '../../harness/case/load-cases.ts';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import { FIXTURE_RUNTIMES, ROOT, runCli, type CliRun } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';

const { cases, errors } = await loadCases([path.join(ROOT, 'suites')], ROOT);
// Over 40 cases, each a CLI run over both families (~3 s, more under load): past tap's default 120 s for the file.
t.setTimeout(600_000);

t.same(errors, [], 'every case in suites/ loads');

/** A suites folder holding the case minus one step, under the same id. */
const withoutStep = (kase: LoadedCase, label: string, dir: string): string => {
  const file = path.join(dir, 'suites', `${kase.id}.ts`);
  mkdirSync(path.dirname(file), { recursive: true });
  const url = (p: string): string => JSON.stringify(pathToFileURL(p).href);
  writeFileSync(file, [
    `import original from ${url(path.join(ROOT, kase.file))};`,
    `import { defineCase } from ${url(path.join(ROOT, 'harness', 'index.ts'))};`,
    `const { wrongNetwork: _w, ...rest } = original;`,
    `export default defineCase(import.meta, { ...rest, steps: rest.steps.filter((s) => s.label !== ${JSON.stringify(label)}) });`,
    '',
  ].join('\n'));
  return path.join(dir, 'suites');
};

// Every control over both families in one run: a case must be able to fail over IPv6 too.
const BOTH = ['--family', 'ipv4,ipv6'];

const runControl = async (kase: LoadedCase, dir: string): Promise<CliRun | string> => {
  if (kase.wrongPeer !== undefined) {
    const pair = kase.wrongPeer.role === 'server' ? 'wrong-peer:c' : 'c:wrong-peer';
    return runCli(['--agents-dir', FIXTURE_RUNTIMES, '--pair', pair, '--reporter', 'tap', ...BOTH, kase.id], path.join(dir, 'out'), { SOCKSPEC_WRONG_PEER: kase.wrongPeer.mode });
  }
  if (kase.wrongNetwork !== undefined) {
    return runCli(['--suites', withoutStep(kase, kase.wrongNetwork.skipStep, dir), '--runtime', 'c', '--reporter', 'tap', ...BOTH, kase.id], path.join(dir, 'out'));
  }
  return `${kase.file} declares neither wrongPeer nor wrongNetwork: every case needs a negative control`;
};

for (const kase of cases) {
  t.test(kase.id, async (t) => {
    const run = await runControl(kase, t.testdir());
    if (typeof run === 'string') {
      t.fail(run);
      return;
    }
    // One invocation runs the control over both families (the default --family): each must fail on its own.
    const results = run.report?.results.filter((r) => r.variant === null) ?? [];
    if (results.length > 0 && results.every((r) => r.status === 'skip')) {
      t.plan(0, `not runnable here: ${results[0]!.reason ?? ''}`);
      return;
    }
    t.same(results.map((r) => r.family ?? 'ipv4').sort(), ['ipv4', 'ipv6'], 'the control ran over IPv4 and IPv6');
    t.equal(run.exitCode, 1, `the run fails (stderr: ${run.stderr.slice(0, 300)})`);
    const tap = await parseTap(run.tap);
    for (const result of results) {
      const over = result.family ?? 'ipv4';
      t.equal(result.status, 'fail', `${over}: a semantics failure, not harness trouble (reason: ${result.reason ?? 'none'})`);
      const first = result.failures[0];
      t.match(first?.at ?? '', /^(step \d+ \(.+\)|wire)$/, `${over}: the diagnostic names the step`);
      t.ok(first?.wanted && first.found, `${over}: and says what was wanted and what was found`);
      const point = tap.points.find((p) => !p.ok && p.name.includes(result.name));
      t.ok(point, `${over}: results.tap has it not ok`);
      t.match(point?.diag ?? {}, { at: first?.at, wanted: first?.wanted, found: first?.found }, `${over}: with the same diagnostic in YAML`);
    }
    t.same(tap.tapErrors, [], 'results.tap parses in strict mode');
    t.equal(validateJunit(run.junit), null, 'junit.xml is valid against junit-10.xsd');
    t.match(run.junit, /<failure /, 'and reports a <failure>');
  });
}

