// A frozen (SIGSTOPped) agent and process groups (harness/channel/own-group.ts): the run survives its
// process group becoming orphaned while an agent is stopped (the kernel SIGHUPs a group orphaned with a
// stopped member: kernel/exit.c kill_orphaned_pgrp()), and a SIGKILLed harness leaves no stopped agent.
// Real CLI runs of a case that keeps its server agent stopped for ~3.3 s.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { carrying } from '../helpers/carrying.ts';
import { ROOT } from '../helpers/run-cli.ts';

// Stops its server agent from its sixth step to its last, across tcp_fin_timeout (3 s).
const FREEZING = 'close/fin-wait2-timeout';
const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'the case injects segments in a namespace: root on Linux' : false;
const CLI = [path.join(ROOT, 'bin', 'sockspec.js'), FREEZING, '--runtime', 'c', '--family', 'ipv4', '--reporter', 'tap'];
const STOPPED_WITHIN_MS = 15_000;
const GONE_WITHIN_MS = 3000;

/** The process's state letter ('T' stopped, 'Z' zombie), or null once it is gone. */
const stateOf = (pid: number): string | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
};

/** Polls `probe` until it gives a value, at most `ms`; /proc has no event for a process stopping. */
const within = async <T>(what: string, ms: number, probe: () => T | null): Promise<T> => {
  const deadline = performance.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== null) return v;
    if (performance.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const stoppedCarrying = (marker: string): number[] | null => {
  const stopped = carrying(marker).filter((pid) => stateOf(pid) === 'T');
  return stopped.length > 0 ? stopped : null;
};

const markerFor = (what: string): string => `${process.pid}-${what}-${Date.now()}`;

t.test('the run survives its process group becoming orphaned while an agent is stopped', { skip }, async (t) => {
  const out = t.testdir();
  const marker = markerFor('orphaned');
  // set -m: the CLI is a job in a process group of its own, in bash's new session; when bash exits
  // that group has no member whose parent is in the session: orphaned, as when a shell that started
  // a run in the background exits.
  // The control: a job of the same shell, stopped when the shell exits (as an agent in the CLI's group was).
  const control = path.join(out, 'control.pid');
  const script = 'set -m; sleep 60 </dev/null >/dev/null 2>&1 & echo $! >"$1"; shift; "$@" </dev/null & read -r _; exit 0';
  const shell = execa('setsid', ['bash', '-c', script, 'bash', control, process.execPath, ...CLI, '--out', out], {
    cwd: ROOT, reject: false, stdin: 'pipe', env: { NO_COLOR: '1', SOCKSPEC_TEST_RUN: marker }, timeout: 30_000,
  });
  const stopped = await within('the server agent is stopped', STOPPED_WITHIN_MS, () => stoppedCarrying(`SOCKSPEC_TEST_RUN=${marker}`));
  const controlPid = Number(readFileSync(control, 'utf8'));
  process.kill(controlPid, 'SIGSTOP');
  await within('the control is stopped', STOPPED_WITHIN_MS, () => (stateOf(controlPid) === 'T' ? true : null));
  // The shell exits while the agent is stopped: the CLI's group is orphaned now.
  shell.stdin?.end('go\n');
  const controlGone = await within('the control is gone', GONE_WITHIN_MS, () => (stateOf(controlPid) ?? 'Z') === 'Z' || null).catch(() => false);
  if (!controlGone) try { process.kill(controlPid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  // The CLI holds the shell's stdout: the result is out once the CLI has ended.
  const r = await shell;
  t.ok(stopped.length >= 1, `an agent was stopped when the group was orphaned (pids ${stopped.join(', ')})`);
  t.ok(controlGone, 'negative control: a stopped process in a group the shell\'s exit orphaned is gone (SIGHUP), as an agent in the CLI\'s group was');
  const file = path.join(out, 'results.json');
  t.ok(existsSync(file), `the CLI wrote its report (stdout: ${String(r.stdout).slice(-400)}; stderr: ${String(r.stderr).slice(-400)})`);
  if (!existsSync(file)) return;
  const results = (JSON.parse(readFileSync(file, 'utf8')) as { results: { status: string; reason?: string }[] }).results;
  t.same(results.map((x) => x.status), ['pass'], `${FREEZING} passed (${results.map((x) => x.reason ?? '').join('; ')})`);
});

t.test('a SIGKILLed CLI leaves no stopped agent behind', { skip }, async (t) => {
  const out = t.testdir();
  const marker = markerFor('killed');
  const cli = execa(process.execPath, [...CLI, '--out', out], { cwd: ROOT, reject: false, env: { NO_COLOR: '1', SOCKSPEC_TEST_RUN: marker }, timeout: 30_000 });
  const stopped = await within('the server agent is stopped', STOPPED_WITHIN_MS, () => stoppedCarrying(`SOCKSPEC_TEST_RUN=${marker}`));
  cli.kill('SIGKILL');
  await cli;
  const left = await within('the stopped agent is gone', GONE_WITHIN_MS, () => {
    const alive = stopped.filter((pid) => { const s = stateOf(pid); return s !== null && s !== 'Z'; });
    return alive.length === 0 ? alive : null;
  }).catch((error: Error) => {
    t.fail(error.message);
    return stopped;
  });
  t.same(left, [], `the stopped agent (pid ${stopped.join(', ')}) ended with the CLI`);
  // A failed run's leftovers are this test's own processes: ended by pid.
  for (const pid of carrying(`SOCKSPEC_TEST_RUN=${marker}`)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  }
});
