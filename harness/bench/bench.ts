// `npm run bench`: the suite's wall time per runtime beside its floor, and the harness's own overhead per case.
import os from 'node:os';
import path from 'node:path';
import { defaultCacheDir } from '../build/cache-dir.ts';
import { loadCatalogue } from '../run/load-catalogue.ts';
import { projectRoot, sockspecVersion } from '../cli/project-root.ts';
import type { Reporter } from '../report/reporter.ts';
import { discoverRuntimes } from '../runtime/discover-runtimes.ts';
import { detectEnvironment } from '../run/detect-environment.ts';
import { planJobs } from '../run/plan-jobs.ts';
import { runSuite } from '../run/run-suite.ts';
import { measureFloor } from './measure-floor.ts';
import { measureStartup } from './measure-startup.ts';
import { median } from './median.ts';

const ROUNDS = Number(process.env.SOCKSPEC_BENCH_ROUNDS ?? 5);
const silent: Reporter = { start: () => undefined, result: () => undefined, end: () => undefined };
const ms = (x: number): string => `${x.toFixed(0)} ms`;

const cacheDir = defaultCacheDir();
const { adapters, folders } = await discoverRuntimes([path.join(projectRoot, 'runtimes')]);
// SOCKSPEC_BENCH_RUNTIMES=c,deno benches only those.
const only = process.env.SOCKSPEC_BENCH_RUNTIMES?.split(',').filter((n) => n !== '');
const loaded = await loadCatalogue([path.join(projectRoot, 'suites')], adapters, folders, projectRoot);
const errors = loaded.errors;
// The fast catalogue: a slow case's length is a kernel timer's, the same for any harness.
const cases = loaded.cases.filter((c) => !(c.tags ?? []).includes('slow'));
const env = await detectEnvironment(cacheDir, { isolate: true });
const jobsParallel = os.availableParallelism();
console.log(`sockspec bench: the fast catalogue (${cases.length} cases; ${loaded.cases.length - cases.length} slow ones left out), ${ROUNDS} rounds, --jobs ${jobsParallel}, isolation ${env.platform.isolation}, capture ${env.platform.capture}; medians`);
if (errors.length > 0) console.log(`(${errors.length} case files did not load and are left out)`);

const STARTS = Number(process.env.SOCKSPEC_BENCH_STARTS ?? 20);
for (const adapter of adapters.filter((a) => only === undefined || only.includes(a.name))) {
  const prepared = await adapter.prepare({ cacheDir });
  if (!prepared.available) {
    console.log(`${adapter.name}: not available: ${prepared.reason}`);
    continue;
  }
  // Start-up first, on a quiet machine: spawn to hello, one agent at a time, per program.
  for (const program of [null, ...(adapter.programs ?? []).map((p) => p.name)]) {
    const starts = await measureStartup(adapter.name, () => prepared.command(program), STARTS);
    const label = `${adapter.name}${program === null ? '' : ` ${program}`}`;
    console.log('error' in starts ? `${label}: agent start-up failed: ${starts.error}` : `${label}: agent start-up ${median(starts).toFixed(1)} ms median to hello (min ${Math.min(...starts).toFixed(1)}, max ${Math.max(...starts).toFixed(1)}, ${STARTS} starts)`);
  }
  const rt = { name: adapter.name, version: prepared.version, command: (program?: string | null) => prepared.command(program) };
  const jobs = planJobs(cases, [{ server: rt, client: rt }]);
  const suite: number[] = [];
  const setup: number[] = [];
  const floor: number[] = [];
  let outcome = '';
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    const run = await runSuite({
      version: sockspecVersion(), cases, loadErrors: [], adapters, pairs: [[adapter.name, adapter.name]], cacheDir,
      jobs: jobsParallel, outDir: null, keepPcaps: 'failures', stepTimeoutMs: 2000, caseTimeoutMs: 15000, isolate: true, reporter: silent,
    });
    suite.push(performance.now() - t0);
    setup.push(run.timings.setupMs);
    const s = run.report.summary;
    outcome = `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
    floor.push(await measureFloor(jobs, jobsParallel, env.isolation));
  }
  const [ws, wsetup, wf] = [median(suite), median(setup), median(floor)];
  const casesWall = ws - wsetup;
  console.log(`${adapter.name} (${prepared.version}): ${jobs.length} case runs (${outcome})`);
  console.log(`  suite wall      ${ms(ws)}   (runs: ${suite.map(ms).join(', ')})`);
  console.log(`  of which set-up ${ms(wsetup)}   (once per run: probing namespaces and capture, preparing the runtime)`);
  console.log(`  floor wall      ${ms(wf)}   (the same agents started and stopped${env.isolation ? ' in fresh namespaces' : ''}, no case work)`);
  console.log(`  cases / floor   ${(casesWall / wf).toFixed(2)}x   (suite wall less set-up, against the floor)`);
  // Spread over the jobs that ran at once: the extra wall time one case costs beyond its agents.
  console.log(`  overhead/case   ${ms(((casesWall - wf) * Math.min(jobsParallel, jobs.length)) / jobs.length)}   (steps, capture, checks; includes the cases' own named waits)`);
}
