// Every case must be able to fail: each runs under the negative control its file declares
// (wrongPeer: a deliberately wrong peer; wrongNetwork: the run without its fault step) against C
// over both families, and must come out `not ok` with a diagnostic naming step, wanted and found.
// A wrong peer must also fail against the other runtimes' programs (Go, Rust and tokio, Java and
// nio, Python and asyncio): on each commit against one of them per mode, rotating with a seed
// (test/suites/control-sample.ts); against all of them under `npm run test:controls`.
// Cases share CLI runs (one per wrong-peer mode, one for every wrongNetwork case), since a run's
// start-up cost more than most cases did; each case's results are still judged on their own.
// The runs start ahead, RUNS_AT_ONCE at a time, while earlier ones are judged: most of a run is its
// start-up and its cases' waits, not CPU, and every run here must fail, so load cannot hide a control.
// Runs beside another file: load cannot turn a wrong peer right; only harness trouble (a hello past 5 s) instead of a failure would fail this file, and beside readme-case, html-browser and others at load 12-18 none came (3 of 3 runs, two seeds).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t, { type Test } from 'tap';
import { loadCases } from '../../harness/case/load-cases.ts';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import type { CaseResult } from '../../harness/result/case-result.ts';
import { FIXTURE_RUNTIMES, ROOT, runCli, type CliRun } from '../helpers/run-cli.ts';
import { parseTap, type ParsedTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';
import { controlScope, pairArgs, sidesFor, wrongPeerBatches } from './control-sample.ts';

const { cases, errors } = await loadCases([path.join(ROOT, 'suites')], ROOT);
const scope = controlScope(process.env, ROOT);
// About 17 CLI runs, each of 1-21 cases over both families (5-40 s under load); against every runtime each takes longer.
t.setTimeout(scope.all ? 1_800_000 : 600_000);

t.same(errors, [], 'every case in suites/ loads');

/** The runtimes added after the catalogue's controls were written, every program of each: a wrong peer must fail against them too. */
const OTHER_SIDES = ['go', 'rust', 'java', 'python'];
/** One CLI run's bound: a batch against every runtime runs dozens of pairs, programs and families. */
const RUN_TIMEOUT_MS = 300_000;
// Every control over both families in one run: a case must be able to fail over IPv6 too.
const BOTH = ['--family', 'ipv4,ipv6'];

/** CLI runs at once: each is mostly start-up and waits (its cases' own --jobs already use both cores when busy). */
const RUNS_AT_ONCE = 2;

/** Starts `jobs` at most `limit` at a time, in order; each promise settles with its job (a rejection waits for its test's await). */
const startAhead = <T>(jobs: (() => Promise<T>)[], limit: number): Promise<T>[] => {
  const gates: (() => void)[] = [];
  const opened = jobs.map((_, i) => new Promise<void>((resolve) => { gates[i] = resolve; }));
  let next = 0;
  const open = (): void => gates[next++]?.();
  const results = jobs.map(async (job, i) => {
    await opened[i];
    try {
      return await job();
    } finally {
      open();
    }
  });
  for (const r of results) r.catch(() => undefined);
  for (let i = 0; i < limit; i++) open();
  return results;
};

/** Writes the case minus one step into `dir`/suites, under the same id. */
const withoutStep = (kase: LoadedCase, label: string, dir: string): void => {
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
};

/** The checks on one run as a whole: it fails, and its TAP and JUnit are well-formed. */
const checkRun = async (t: Test, run: CliRun): Promise<ParsedTap> => {
  t.equal(run.exitCode, 1, `the run fails (stderr: ${run.stderr.slice(0, 300)})`);
  const tap = await parseTap(run.tap);
  t.same(tap.tapErrors, [], 'results.tap parses in strict mode');
  t.equal(validateJunit(run.junit), null, 'junit.xml is valid against junit-10.xsd');
  t.match(run.junit, /<failure /, 'and reports a <failure>');
  return tap;
};

/** A case's results against C: over each family a semantics failure with its diagnostic, in TAP too. */
const checkAgainstC = (t: Test, results: CaseResult[], tap: ParsedTap): void => {
  t.same(results.map((r) => r.family ?? 'ipv4').sort(), ['ipv4', 'ipv6'], 'the control ran over IPv4 and IPv6');
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
};

/** A case's results against another runtime: every program over both families fails, or skips saying why (runtime missing, op it cannot express). */
const checkAgainstOther = (t: Test, side: string, results: CaseResult[]): void => {
  t.ok(results.length >= 2, `a result per program and family against ${side}`);
  t.same([...new Set(results.map((r) => r.family ?? 'ipv4'))].sort(), ['ipv4', 'ipv6'], `${side}: over IPv4 and IPv6`);
  for (const r of results) {
    if (r.status === 'skip') t.ok(r.reason, `${r.name}: skipped, saying why (${r.reason ?? ''})`);
    else t.equal(r.status, 'fail', `${r.name}: a semantics failure (found ${r.status}: ${r.reason ?? r.failures[0]?.found ?? ''})`);
  }
};

/** Ends the test as not runnable here when every run of the case skipped (no namespaces, say); true then. */
const notRunnable = (t: Test, results: CaseResult[]): boolean => {
  if (results.length === 0 || results.some((r) => r.status !== 'skip')) return false;
  t.plan(0, `not runnable here: ${results[0]!.reason ?? ''}`);
  return true;
};

/** The results of one case against one runtime (its column is the pair, "wrong-peer:go" or "go:wrong-peer", with any version). */
const against = (run: CliRun, kase: LoadedCase, side: string): CaseResult[] =>
  (run.report?.results ?? []).filter((r) => r.id === kase.id && r.runtime.split(':').some((rt) => rt === side || rt.startsWith(`${side}@`)));

for (const kase of cases.filter((c) => c.wrongPeer === undefined && c.wrongNetwork === undefined)) {
  t.test(kase.id, async (t) => {
    t.fail(`${kase.file} declares neither wrongPeer nor wrongNetwork: every case needs a negative control`);
  });
}

const batches = wrongPeerBatches(cases).map((batch, index) => ({ ...batch, sides: sidesFor(scope, index, OTHER_SIDES) }));
const ran = batches.reduce((n, b) => n + b.cases.length * b.sides.length, 0);
const every = batches.reduce((n, b) => n + b.cases.length, 0) * OTHER_SIDES.length;
t.comment(`wrong peers against ${OTHER_SIDES.join(', ')}: ${ran} of ${every} case x runtime controls (${scope.all ? 'all' : `${scope.label}, from the ${scope.from}`})`);
if (!scope.all) t.comment(`this sample again: SOCKSPEC_CONTROLS=${scope.seed} npx tap test/suites/negative-control.test.ts; all of them: npm run test:controls`);

const withoutFault = cases.filter((c) => c.wrongPeer === undefined && c.wrongNetwork !== undefined);
// Every run's folder, made now: the runs start before their tests do.
const outRoot = t.testdir();
const faultless = path.join(outRoot, 'without-fault');
for (const kase of withoutFault) withoutStep(kase, kase.wrongNetwork!.skipStep, faultless);
const runs = startAhead([
  ...batches.map((batch, i) => () => runCli(['--agents-dir', FIXTURE_RUNTIMES, ...pairArgs(batch.role, ['c', ...batch.sides]), '--reporter', 'tap', ...BOTH, ...batch.cases.map((c) => c.id)], path.join(outRoot, `batch-${i}`), { SOCKSPEC_WRONG_PEER: batch.mode }, RUN_TIMEOUT_MS)),
  () => runCli(['--suites', path.join(faultless, 'suites'), '--runtime', 'c', '--reporter', 'tap', ...BOTH, ...withoutFault.map((c) => c.id)], path.join(faultless, 'out'), {}, RUN_TIMEOUT_MS),
], RUNS_AT_ONCE);

for (const [i, batch] of batches.entries()) {
  t.test(`wrong peer (${batch.key}) against c, ${batch.sides.join(', ')} [${scope.label}]: ${batch.cases.length} case(s)`, async (t) => {
    const run = await runs[i]!;
    const tap = await checkRun(t, run);
    for (const kase of batch.cases) {
      await t.test(kase.id, async (t) => {
        if (notRunnable(t, against(run, kase, 'c'))) return;
        checkAgainstC(t, against(run, kase, 'c').filter((r) => r.variant === null), tap);
        for (const side of batch.sides) checkAgainstOther(t, side, against(run, kase, side));
      });
    }
  });
}

t.test(`without its fault step, on c: ${withoutFault.length} case(s)`, async (t) => {
  const run = await runs[batches.length]!;
  const tap = await checkRun(t, run);
  for (const kase of withoutFault) await t.test(kase.id, async (t) => {
    if (!notRunnable(t, against(run, kase, 'c'))) checkAgainstC(t, against(run, kase, 'c').filter((r) => r.variant === null), tap);
  });
});
