// Agents that go wrong mid-case, through the real CLI: one dies halfway through a reply, one stops
// answering, one writes a line that is not JSON, one floods stdout, one floods stderr. Each fault
// lands at step 5, after four good steps (test/fixtures/fault-runtimes): harness trouble, never a
// verdict, with the steps before it kept; and the run stays bounded in time and memory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import type { CaseResult, RunReport } from '../../harness/result/case-result.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { validateJunit } from '../helpers/validate-junit.ts';
import { carrying, runMarker } from './leftovers.ts';

const FAULT_RUNTIMES = path.join(ROOT, 'test', 'fixtures', 'fault-runtimes');
const FAULT_SUITES = path.join(ROOT, 'test', 'fixtures', 'fault-suites', 'suites');
const MODES = ['dies-mid-reply', 'late-hang', 'late-garbage', 'stdout-flood', 'stderr-flood'];
const MiB = 1 << 20;
// Far below what buffering any flood would take: a harness that kept what an agent shouts runs out.
const HEAP_CAP_MB = 64;

// One run for every mode, at once (a job each), so the faults also meet each other.
const out = t.testdir();
const told = mkdtempSync(path.join(os.tmpdir(), 'sockspec-fault-agents-'));
t.teardown(() => rmSync(told, { recursive: true, force: true }));
const marker = runMarker('agent-faults');
const t0 = performance.now();
const run = await execa(process.execPath, [
  `--max-old-space-size=${HEAP_CAP_MB}`, path.join(ROOT, 'bin', 'sockspec.js'), '--family', 'ipv4',
  '--suites', FAULT_SUITES, '--agents-dir', FAULT_RUNTIMES, '--step-timeout', '300', '--runtime', MODES.join(','), '--jobs', String(MODES.length),
  '--reporter', 'tap', '--out', out,
], { cwd: ROOT, reject: false, timeout: 60_000, env: { NO_COLOR: '1', SOCKSPEC_FIXTURE_REPORT_DIR: told, ...marker.env } });
const wallMs = performance.now() - t0;
// Null when the run wrote none (it died: out of memory, say); the first test says so.
const report = ((): RunReport | null => {
  try {
    return JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunReport;
  } catch {
    return null;
  }
})();

const resultOf = (mode: string): CaseResult => {
  const r = report?.results.find((x) => x.runtime === mode);
  if (r === undefined) throw new Error(`no result for ${mode}: the run ended ${run.exitCode ?? run.signal}, stderr: ${String(run.stderr).slice(-500)}`);
  return r;
};
const server = (r: CaseResult) => r.agents.find((a) => a.role === 'server');
/** What the fault agent said it wrote, from the file it leaves on exit. */
const written = (mode: string): number => {
  const pid = server(resultOf(mode))?.pid;
  return (JSON.parse(readFileSync(path.join(told, `${mode}-${pid}.json`), 'utf8')) as { written: number }).written;
};
const STEP5 = 'step 5 (server reads the ping)';

t.test('the run ends, in bounded time, with one point per fault and well-formed reports', async (t) => {
  t.equal(run.exitCode, 1, `exit 1: unexpected results (stderr: ${String(run.stderr).slice(-500)})`);
  t.ok(wallMs < 30_000, `the whole run took ${Math.round(wallMs)} ms`);
  t.same(report?.results.map((r) => r.runtime).sort(), [...MODES].sort(), 'a result for every mode');
  const streamed = await parseTap(String(run.stdout));
  t.same(streamed.tapErrors, [], 'the TAP on stdout parses in strict mode');
  t.equal(streamed.final.count, MODES.length);
  const tap = await parseTap(readFileSync(path.join(out, 'results.tap'), 'utf8'));
  t.same(tap.tapErrors, [], 'results.tap parses in strict mode');
  t.equal(validateJunit(readFileSync(path.join(out, 'junit.xml'), 'utf8')), null, 'junit.xml is valid');
  t.same(carrying(marker), [], 'no agent outlived the run, the flooding one included');
});

t.test('every fault keeps the four good steps before it, and is trouble, not a verdict', async (t) => {
  for (const mode of MODES.filter((m) => m !== 'stderr-flood')) {
    const r = resultOf(mode);
    t.same(r.steps.map((s) => s.ok), [true, true, true, true, null], `${mode}: steps 1-4 answered, step 5 not`);
    t.same(r.failures, [], `${mode}: no semantics failure is made up`);
    t.match(r.reason, new RegExp(`^${STEP5.replace(/[()]/g, '\\$&')}: the ${mode} server agent \\(pid ${server(r)?.pid}\\) `), `${mode}: the reason names the step and the agent`);
  }
});

t.test('an agent that dies halfway through a reply: crash, with its exit code and stderr', async (t) => {
  const r = resultOf('dies-mid-reply');
  t.equal(r.status, 'crash');
  t.match(r.reason, /exited with code 9; stderr: dies-mid-reply agent: dying halfway through a reply$/);
  t.match(server(r), { how: 'crashed', exitCode: 9 });
});

t.test('an agent that stops answering mid-case: timeout naming the request, and it is ended', async (t) => {
  const r = resultOf('late-hang');
  t.equal(r.status, 'timeout');
  t.match(r.reason, /did not send its reply to request 3 \(recv\) within \d+ ms$/);
  t.ok(r.agents.every((a) => a.how === 'exited' && a.exitCode === 0), 'both agents left on stdin EOF');
});

t.test('an agent that writes a line that is not JSON mid-case: error quoting the line', async (t) => {
  const r = resultOf('late-garbage');
  t.equal(r.status, 'error');
  t.match(r.reason, 'wrote a line that is not a JSON object: "not json: nul\\u0000 bel\\u0007 esc\\u001b[31m');
});

t.test('an agent that floods stdout with lines: error, ended by SIGTERM, the harness unmoved', async (t) => {
  const r = resultOf('stdout-flood');
  t.equal(r.status, 'error');
  t.match(r.reason, 'wrote a line that is not a JSON object: "flood line: the agent is shouting instead of answering"');
  t.match(server(r), { how: 'terminated' }, 'it ignored stdin EOF while flooding; SIGTERM ended it');
  const bytes = written('stdout-flood');
  t.ok(bytes >= 2 * HEAP_CAP_MB * MiB, `it wrote ${Math.round(bytes / MiB)} MiB, over twice the harness's ${HEAP_CAP_MB} MiB heap`);
  t.ok(r.durationMs < 5000, `the case took ${Math.round(r.durationMs)} ms: the end ladder, not the flood, sets it`);
});

t.test('an agent that floods stderr while answering: the case passes, the tail kept is bounded', async (t) => {
  const r = resultOf('stderr-flood');
  t.equal(r.status, 'pass', `passes (reason: ${r.reason ?? ''})`);
  t.ok(written('stderr-flood') >= 32 * MiB, `it wrote ${Math.round(written('stderr-flood') / MiB)} MiB to stderr before its reply`);
  const tail = server(r)?.stderrTail ?? '';
  t.ok(tail.length > 0 && tail.length <= 4097, `its stderr tail is kept, bounded (${tail.length} characters)`);
});
