// `npm run bench`: the fast catalogue's wall time per runtime beside its floor, the harness's own
// overhead per case, what isolation costs, how wall time scales with --jobs, and the whole default
// run beside its floor; quoted against #6's and #15's targets.
import os from 'node:os';
import path from 'node:path';
import { defaultCacheDir } from '../toolchain/cache-dir.ts';
import { loadCatalogue } from '../engine/load-catalogue.ts';
import { projectRoot, sockspecVersion } from '../toolchain/project-root.ts';
import type { RunObserver } from '../engine/run-observer.ts';
import { discoverRuntimes } from '../adapters/discover-runtimes.ts';
import { detectEnvironment } from '../engine/detect-environment.ts';
import { planJobs } from '../engine/plan-jobs.ts';
import { runSuite, timerJobsFor } from '../engine/run-suite.ts';
import { measureFloor } from './measure-floor.ts';
import { measureHosts } from './measure-hosts.ts';
import { inherentWaitMs, longestFirst } from '../engine/inherent-wait.ts';
import type { CaseJob, RoleRuntime } from '../engine/case-job.ts';
import { measureStartup } from './measure-startup.ts';
import { median } from './median.ts';
import { changedOutcomes, measureWholeRound, type WholeRound } from './measure-whole.ts';

const ROUNDS = Number(process.env.SOCKSPEC_BENCH_ROUNDS ?? 5);
const silent: RunObserver = { start: () => undefined, result: () => undefined, end: () => undefined };
const ms = (x: number): string => `${x.toFixed(0)} ms`;
const TARGET_OVERHEAD_MS = 15;
const TARGET_RATIO = 1.3;
const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');

const cacheDir = defaultCacheDir();
const { adapters, folders } = await discoverRuntimes([path.join(projectRoot, 'runtimes')]);
// SOCKSPEC_BENCH_RUNTIMES=c,deno benches only those.
const only = process.env.SOCKSPEC_BENCH_RUNTIMES?.split(',').filter((n) => n !== '');
// SOCKSPEC_BENCH_PARTS=whole benches the whole run alone (a run of every case takes minutes).
const parts = new Set((process.env.SOCKSPEC_BENCH_PARTS ?? 'runtimes,whole').split(','));
const WHOLE_ROUNDS = Number(process.env.SOCKSPEC_BENCH_WHOLE_ROUNDS ?? 3);
const loaded = await loadCatalogue([path.join(projectRoot, 'suites')], adapters, folders, projectRoot);
const errors = loaded.errors;
// The fast catalogue: a slow case's length is a kernel timer's, the same for any harness.
const cases = loaded.cases.filter((c) => !(c.tags ?? []).includes('slow'));
const env = await detectEnvironment(cacheDir, { isolate: true });
const jobsParallel = os.availableParallelism();
console.log(`sockspec bench: the fast catalogue (${cases.length} cases; ${loaded.cases.length - cases.length} slow ones left out), ${ROUNDS} rounds, --jobs ${jobsParallel}, isolation ${env.platform.isolation}, capture ${env.platform.capture}; medians`);
console.log(`targets on a 2-core machine: harness overhead <= ${TARGET_OVERHEAD_MS} ms per case with C agents; the fast catalogue <= ${TARGET_RATIO}x its floor`);
if (errors.length > 0) console.log(`(${errors.length} case files did not load and are left out)`);

const STARTS = Number(process.env.SOCKSPEC_BENCH_STARTS ?? 20);
const SCALE_JOBS = [1, 2, 4, 8];

// Isolation, measured apart: what making a case's namespace (lo up, capture ready) and stopping its capture costs.
if (env.isolation) {
  const hosts = await measureHosts(env.captureBinary, STARTS);
  console.log('error' in hosts
    ? `namespace + capture: could not measure: ${hosts.error}`
    : `namespace + capture per case: ${median(hosts).toFixed(1)} ms median (min ${Math.min(...hosts).toFixed(1)}, max ${Math.max(...hosts).toFixed(1)}, ${STARTS} made one after another; on each case's path, part of its overhead below)`);
}

/** One suite run of `cases` on `rt` at `jobs`: wall time less set-up, and its outcome. */
const suiteRun = async (rt: string, jobs: number, timerJobs?: number): Promise<{ casesMs: number; setupMs: number; outcome: string }> => {
  const t0 = performance.now();
  const run = await runSuite({
    version: sockspecVersion(), cases, loadErrors: [], adapters, pairs: [[rt, rt]], cacheDir,
    jobs, stepTimeoutMs: 2000, caseTimeoutMs: 15000, isolate: true, reporter: silent, ...(timerJobs === undefined ? {} : { timerJobs }),
  });
  const wall = performance.now() - t0;
  const s = run.report.summary;
  return { casesMs: wall - run.timings.setupMs, setupMs: run.timings.setupMs, outcome: `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped` };
};

for (const adapter of adapters.filter((a) => parts.has('runtimes') && (only === undefined || only.includes(a.name)))) {
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
  const rt: RoleRuntime = { name: adapter.name, version: prepared.version, command: (program?: string | null) => prepared.command(program) };
  const jobs: CaseJob[] = longestFirst(planJobs(cases, [{ server: rt, client: rt }]));
  const waits = jobs.reduce((sum, j) => sum + inherentWaitMs(j), 0);
  const suite: number[] = [];
  const setup: number[] = [];
  const floor: number[] = [];
  const serial: number[] = [];
  const serialFloor: number[] = [];
  const outcomes = new Set<string>();
  // The floor under the suite's own schedule: timer-bound runs wait beside the job slots in both.
  const timerJobs = timerJobsFor(jobsParallel);
  // Suite and floor alternate, round by round, so a noisy moment hits both alike.
  for (let i = 0; i < ROUNDS; i++) {
    const run = await suiteRun(adapter.name, jobsParallel);
    suite.push(run.casesMs);
    setup.push(run.setupMs);
    outcomes.add(run.outcome);
    floor.push(await measureFloor(jobs, jobsParallel, timerJobs));
    // Overhead per case is measured one case at a time (--jobs 1 --timer-jobs 0) beside a floor run the same way:
    // in parallel the one ~1 s rate-limit run sets both walls and the others' overhead hides beside it.
    serial.push((await suiteRun(adapter.name, 1, 0)).casesMs);
    serialFloor.push(await measureFloor(jobs, 1, 0));
  }
  const [wc, wsetup, wf] = [median(suite), median(setup), median(floor)];
  const ratio = wc / wf;
  const [ws, wsf] = [median(serial), median(serialFloor)];
  // The extra wall time one case costs beyond its floor, with nothing beside it to hide that.
  const overhead = (ws - wsf) / jobs.length;
  console.log(`${adapter.name} (${prepared.version}): ${jobs.length} case runs (${[...outcomes].join(' | ')})`);
  console.log(`  cases wall      ${ms(wc)}   (runs: ${suite.map(ms).join(', ')}; set-up once per run, left out: ${ms(wsetup)})`);
  console.log(`  floor wall      ${ms(wf)}   (runs: ${floor.map(ms).join(', ')}; the same agents started and stopped, alive through ${waits} ms of inherent waits in all)`);
  console.log(`  cases / floor   ${ratio.toFixed(2)}x   (target <= ${TARGET_RATIO}x: ${verdict(ratio <= TARGET_RATIO)})`);
  console.log(`  one at a time   ${ms(ws)} against a floor of ${ms(wsf)}   (--jobs 1 --timer-jobs 0; runs: ${serial.map(ms).join(', ')}; floor runs: ${serialFloor.map(ms).join(', ')})`);
  console.log(`  overhead/case   ${overhead.toFixed(1)} ms   (one at a time, beyond the floor: namespace, capture, steps, checks${adapter.name === 'c' ? `; target <= ${TARGET_OVERHEAD_MS} ms: ${verdict(overhead <= TARGET_OVERHEAD_MS)}` : ''})`);
  if (adapter.name === 'c') {
    // Scaling: C agents cost least, so this is the harness's own parallelism.
    const scale: string[] = [];
    for (const j of SCALE_JOBS) {
      const walls: number[] = [];
      for (let i = 0; i < ROUNDS; i++) walls.push((await suiteRun('c', j)).casesMs);
      scale.push(`--jobs ${j}: ${ms(median(walls))}`);
    }
    console.log(`  scaling         ${scale.join(', ')}   (cases wall, median of ${ROUNDS}; ${os.availableParallelism()} cores)`);
  }
}

// The whole default run (`npx sockspec`: every case, the slow ones too, every runtime, both
// families) beside its floor, max(its longest run alone, the fast run): no schedule beats either.
if (parts.has('whole') && WHOLE_ROUNDS > 0) {
  const runtimes = adapters.map((a) => a.name).filter((n) => only === undefined || only.includes(n));
  const slow = loaded.cases.length - cases.length;
  // SOCKSPEC_BENCH_WHOLE_HELD=1 adds the full run as scheduled before #15 to each round (its longest run: minutes).
  const withHeld = process.env.SOCKSPEC_BENCH_WHOLE_HELD === '1';
  // Each round within a bound (SOCKSPEC_BENCH_WHOLE_ROUND_S): past it the run under way stops and the round says where it was.
  const boundMs = 1000 * Number(process.env.SOCKSPEC_BENCH_WHOLE_ROUND_S ?? (withHeld ? 1500 : 900));
  console.log(`whole run: every case (${loaded.cases.length}; ${slow} slow) on ${runtimes.join(', ')}, both families, --jobs ${jobsParallel}; ${WHOLE_ROUNDS} rounds of at most ${(boundMs / 1000).toFixed(0)} s each (full and fast run alternate which goes first), medians; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const rounds: WholeRound[] = [];
  let stuck = false;
  for (let i = 0; i < WHOLE_ROUNDS; i++) {
    console.log(`  round ${i + 1} (load ${os.loadavg()[0]!.toFixed(1)}):`);
    const round = await measureWholeRound({
      cases: loaded.cases, adapters, runtimes, cacheDir, jobs: jobsParallel, held: withHeld, fastFirst: i % 2 === 1, boundMs,
      log: (line) => console.log(line),
    });
    if ('unfinished' in round) {
      console.log(`    unfinished: ${round.unfinished}; left out of the medians`);
      // A run that did not end may still hold agents and namespaces: what came after would measure them too.
      if (round.stuck) {
        stuck = true;
        break;
      }
      continue;
    }
    rounds.push(round);
  }
  if (rounds.length === 0) {
    console.log('  no round finished: no whole-run figures');
  } else {
    const pick = (f: (r: WholeRound) => number): { med: number; runs: string } => ({ med: median(rounds.map(f)), runs: rounds.map((r) => ms(f(r))).join(', ') });
    const full = pick((r) => r.full.casesMs);
    const fast = pick((r) => r.fast.casesMs);
    const alone = pick((r) => r.longest.aloneMs);
    const floor = pick((r) => Math.max(r.longest.aloneMs, r.fast.casesMs));
    const ratio = full.med / floor.med;
    const lastSlow = pick((r) => r.full.lastSlowMs ?? 0);
    const lastOther = pick((r) => r.full.lastOtherMs ?? 0);
    const outcomes = (f: (r: WholeRound) => string): string => [...new Set(rounds.map(f))].join(' | ');
    console.log(`  full run        ${ms(full.med)}   (runs: ${full.runs}; ${rounds[0]!.full.results.length} runs each: ${outcomes((r) => r.full.outcome)})`);
    console.log(`  floor           ${ms(floor.med)}   (max of the longest run alone, ${ms(alone.med)} (runs: ${alone.runs}; ${[...new Set(rounds.map((r) => r.longest.name))].join(', ')}), and the fast run, ${ms(fast.med)} (runs: ${fast.runs}; ${rounds[0]!.fast.results.length} runs each: ${outcomes((r) => r.fast.outcome)}))`);
    console.log(`  full / floor    ${ratio.toFixed(2)}x   (target <= ${TARGET_RATIO}x: ${verdict(ratio <= TARGET_RATIO)}; ${rounds.length} of ${WHOLE_ROUNDS} rounds finished)`);
    console.log(`  full run's end  last slow run ${ms(lastSlow.med)}, last other ${ms(lastOther.med)}   (from its first case's start: the later one set the wall)`);
    const heldRounds = rounds.flatMap((r) => (r.held === null ? [] : [r.held]));
    if (heldRounds.length > 0) {
      const held = median(heldRounds.map((h) => h.casesMs));
      console.log(`  as before #15   ${ms(held)}   (--timer-jobs 0 --agents-ahead 0: timer-bound runs hold a job slot throughout, each case starts its own agents; runs: ${heldRounds.map((h) => ms(h.casesMs)).join(', ')}; ${(held / floor.med).toFixed(2)}x the floor; ${[...new Set(heldRounds.map((h) => h.outcome))].join(' | ')})`);
    }
    const changed = changedOutcomes(rounds.flatMap((r) => [r.full, ...(r.held === null ? [] : [r.held])]));
    const fulls = rounds.length + heldRounds.length;
    console.log(`  outcomes        ${changed.length === 0 ? `the same in all ${fulls} full runs${heldRounds.length > 0 ? ', either schedule' : ''}` : `changed between the ${fulls} full runs: ${changed.join('; ')}`}`);
  }
  // Its agents would keep the bench alive: end it, saying so.
  if (stuck) {
    console.log('  a run did not end after its round\'s bound: the bench ends here (exit 1)');
    process.exit(1);
  }
}

