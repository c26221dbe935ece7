// Agents started ahead (issue 15): in the case's own namespace, past their hello, bounded in number, handed out once,
// ended when never taken; a case run with them has the outcome it has when it starts its own, and its time and
// budget still count the start-up. Real C agents, real namespaces.
import { existsSync, readlinkSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import { loadCases } from '../../harness/case/load-cases.ts';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import type { CaseJob, RoleRuntime } from '../../harness/engine/case-job.ts';
import { detectEnvironment } from '../../harness/engine/detect-environment.ts';
import { runCase } from '../../harness/engine/run-case.ts';
import type { RunSettings } from '../../harness/engine/run-settings.ts';
import { WarmHosts, type Warmed } from '../../harness/engine/warm-hosts.ts';
import type { AgentProcess } from '../../harness/channel/agent-process.ts';
import { AHEAD_NICE, AheadPriority, restorePriority } from '../../harness/engine/start-agents.ts';
import c from '../../runtimes/c/adapter.ts';
import { ROOT, runCli } from '../helpers/run-cli.ts';

const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'network namespaces need root on Linux' : false;

const setup = async () => {
  const cacheDir = defaultCacheDir();
  const [capture, runtime, env, loaded] = await Promise.all([
    prepareCapture(cacheDir), c.prepare({ cacheDir }), detectEnvironment(cacheDir, { isolate: true }),
    loadCases([path.join(ROOT, 'suites')], ROOT),
  ]);
  if (!runtime.available) throw new Error(`the C agent: ${runtime.reason}`);
  const binary = capture.ok ? capture.binary : null;
  const kase = (id: string): LoadedCase => {
    const k = loaded.cases.find((x) => x.id === id);
    if (k === undefined) throw new Error(`no case ${id}`);
    return k;
  };
  const rt: RoleRuntime = { name: 'c', version: runtime.version ?? '', command: () => runtime.command() };
  const job = (k: LoadedCase, role: RoleRuntime = rt): CaseJob => ({ kase: k, variant: null, server: role, client: role, family: 'ipv4' });
  const { platform, ...abilities } = env;
  const settings = (hosts?: WarmHosts): RunSettings => ({ ...abilities, stepTimeoutMs: 2000, caseTimeoutMs: 15_000, platform: process.platform, kernel: platform.release, ...(hosts ? { hosts } : {}) });
  return { binary, kase, rt, job, settings };
};

const agentsOf = (w: Warmed): AgentProcess[] => (w.ahead?.agents?.starts ?? []).flatMap((s) => ('agent' in s ? [s.agent] : []));
const netns = (pid: number | null): string => readlinkSync(`/proc/${pid}/ns/net`);

t.test('agents ahead: in the case namespace, past hello, at most agentsAhead jobs untaken, handed out once, ended by close', { skip }, async (t) => {
  const { binary, kase, job } = await setup();
  const warm = new WarmHosts(binary, 1);
  const [a, b, cJob] = [job(kase('connect/refused-closed-port')), job(kase('connect/refused-closed-port')), job(kase('rst/time-wait-assassination-rfc1337'))];
  warm.warm(a);
  warm.warm(b);
  const making = (job: CaseJob) => (warm as unknown as { made: Map<CaseJob, { making: Promise<Warmed> }> }).made.get(job)!.making;
  // Made, not yet taken: as while earlier cases run.
  const wa = await making(a);
  const ha = wa.hosts;
  if ('unavailable' in ha) throw new Error(ha.reason);
  const agents = agentsOf(wa);
  t.same(agents.map((x) => x.role), ['server', 'client'], 'both roles the steps name were started');
  t.ok(agents.every((x) => x.hello?.hello === 'sockspec-agent'), 'each past its hello');
  t.ok(agents.every((x) => netns(x.pid) === netns(ha.server.pid)), "each in the case's namespace");
  t.ok(wa.ahead!.agents!.ms > 0, `start-up measured (${wa.ahead!.agents!.ms.toFixed(1)} ms)`);
  // Started at nice AHEAD_NICE (yielding to the cases running meanwhile); every thread back to 0 once restored.
  const nices = async () => (await Promise.all(agents.map(async (x) => (await readdir(`/proc/${x.pid}/task`)).map((tid) => os.getPriority(Number(tid)))))).flat();
  t.ok((await nices()).every((n) => n === AHEAD_NICE), `ahead, each thread at nice ${AHEAD_NICE}`);
  t.equal(await warm.take(a), wa, 'taken: what was made ahead');
  t.ok((await nices()).every((n) => n === 0), 'then each at 0, as a case\'s own agents');
  t.equal(await restorePriority(wa.ahead!.agents!), null, 'and restorePriority finds nothing left to restore');
  const wb = await warm.take(b);
  t.equal(wb.ahead, null, 'the second job warmed while the first held agents got hosts only (the bound)');
  // a is taken: its share is free again, so the next warmed job gets agents; with sysctls set before them.
  warm.warm(cJob);
  const wc = await making(cJob);
  const hc = wc.hosts;
  if ('unavailable' in hc) throw new Error(hc.reason);
  t.equal(wc.ahead?.sysctlsFailed, null, "the case's sysctls were set ahead");
  const [key, value] = Object.entries(cJob.kase.sysctls ?? {})[0]!;
  const read = await execa(hc.server.prefix[0]!, [...hc.server.prefix.slice(1), 'sysctl', '-n', key]);
  t.equal(Number(read.stdout), value, `${key} is the case's in its namespace`);
  const pids = [...agentsOf(wc).map((x) => x.pid), hc.server.pid];
  t.equal(agentsOf(wc).length, 2, 'and its agents started after them');
  await warm.close();
  t.notOk(pids.some((pid) => existsSync(`/proc/${pid}`)), 'close() ended the untaken agents and their namespace holder');
  for (const w of [wa, wb]) {
    if (!('unavailable' in w.hosts)) {
      await Promise.all(agentsOf(w).map((x) => x.end()));
      await w.hosts.close();
    }
  }
});

// Behind busy cores an agent at nice 10 could miss its hello's bound: its case, once begun, waits for it at its own priority.
t.test('agents ahead go back to nice 0 when their case takes them, before their hello', { skip }, async (t) => {
  const threads = async (pid: number) => (await readdir(`/proc/${pid}/task`)).map((tid) => os.getPriority(Number(tid)));
  // nice(1) execs its command: the pid is the program's once its name is "sleep" (bounded).
  const started = async () => {
    const child = execa('nice', ['-n', String(AHEAD_NICE), 'sleep', '30'], { reject: false });
    const until = Date.now() + 5000;
    while ((await readFile(`/proc/${child.pid}/comm`, 'utf8')).trim() !== 'sleep' && Date.now() < until) await new Promise((r) => setImmediate(r));
    // Wrapped: a returned subprocess would be awaited to its end.
    return { child, pid: child.pid! };
  };
  const priority = new AheadPriority();
  t.ok(priority.niced, 'before its case begins, an agent starts niced');
  const early = await started();
  await priority.spawned(early.pid);
  t.same(await threads(early.pid), [AHEAD_NICE], `spawned ahead: nice ${AHEAD_NICE}`);
  await priority.take();
  t.same(await threads(early.pid), [0], 'taken: back to 0 at once, no hello needed');
  t.notOk(priority.niced, 'an agent spawned after the take starts at 0');
  const late = await started();
  await priority.spawned(late.pid);
  t.same(await threads(late.pid), [0], 'and one spawned niced just as its case took it is put back too');
  early.child.kill();
  late.child.kill();
  await Promise.all([early.child, late.child]);
  // Through WarmHosts: taken while its hosts are still being made, the job's agents start at 0 (before restorePriority).
  const { binary, kase, job } = await setup();
  const warm = new WarmHosts(binary, 1);
  const a = job(kase('connect/refused-closed-port'));
  warm.warm(a);
  const wa = await warm.take(a);
  const agents = agentsOf(wa);
  t.equal(agents.length, 2, 'its agents were started ahead');
  t.ok((await Promise.all(agents.map((x) => threads(x.pid!)))).flat().every((n) => n === 0), 'each thread at 0 without restorePriority');
  await Promise.all(agents.map((x) => x.end()));
  if (!('unavailable' in wa.hosts)) await wa.hosts.close();
});

t.test('negative control: agentsAhead 0 starts no agent ahead', { skip }, async (t) => {
  const { binary, kase, job } = await setup();
  const warm = new WarmHosts(binary, 0);
  const a = job(kase('connect/refused-closed-port'));
  warm.warm(a);
  const wa = await warm.take(a);
  t.equal(wa.ahead, null, 'hosts only: the case starts its own agents');
  if (!('unavailable' in wa.hosts)) await wa.hosts.close();
});

t.test('a begun job gives its share back before it is taken: the next job warmed gets agents', { skip }, async (t) => {
  const { binary, kase, job } = await setup();
  const warm = new WarmHosts(binary, 1);
  const [a, b, cJob] = [job(kase('connect/refused-closed-port')), job(kase('connect/refused-closed-port')), job(kase('connect/refused-closed-port'))];
  warm.warm(a);
  warm.warm(b);
  warm.begun(a);
  warm.warm(cJob);
  const [wa, wb, wc] = [await warm.take(a), await warm.take(b), await warm.take(cJob)];
  t.same([wa, wb, wc].map((w) => agentsOf(w).length), [2, 0, 2], 'a: agents; b: over the bound; c: warmed after a began');
  for (const w of [wa, wb, wc]) {
    await Promise.all(agentsOf(w).map((x) => x.end()));
    if (!('unavailable' in w.hosts)) await w.hosts.close();
  }
});

t.test('a job warmed without agents (timer-bound: it may wait long for a slot) takes no share', { skip }, async (t) => {
  const { binary, kase, job } = await setup();
  const warm = new WarmHosts(binary, 1);
  const [a, b] = [job(kase('connect/refused-closed-port')), job(kase('connect/refused-closed-port'))];
  warm.warm(a, false);
  warm.warm(b);
  const [wa, wb] = [await warm.take(a), await warm.take(b)];
  t.same([wa, wb].map((w) => agentsOf(w).length), [0, 2], 'a: hosts only; b: the share, agents');
  for (const w of [wa, wb]) {
    await Promise.all(agentsOf(w).map((x) => x.end()));
    if (!('unavailable' in w.hosts)) await w.hosts.close();
  }
});

t.test('a job named for warming after its case began (the pool starts out of plan order) is not made', { skip }, async (t) => {
  const { binary, kase, job } = await setup();
  const warm = new WarmHosts(binary, 1);
  const [a, b] = [job(kase('connect/refused-closed-port')), job(kase('connect/refused-closed-port'))];
  warm.begun(a);
  const wa = await warm.take(a);
  warm.warm(a);
  t.notOk((warm as unknown as { made: Map<CaseJob, unknown> }).made.has(a), 'nothing made for a job that already ran');
  warm.warm(b);
  const wb = await warm.take(b);
  t.equal(agentsOf(wb).length, 2, 'and the share went to the next job');
  for (const w of [wa, wb]) {
    await Promise.all(agentsOf(w).map((x) => x.end()));
    if (!('unavailable' in w.hosts)) await w.hosts.close();
  }
});

t.test('a case run with agents started ahead: the outcome of one that starts its own; its time and budget count the start-up', { skip }, async (t) => {
  const { binary, kase, job, settings } = await setup();
  const j = job(kase('connect/refused-closed-port'));
  const cold = (await runCase(j, settings())).result;
  const warm = new WarmHosts(binary, 1);
  warm.warm(j);
  const ahead = (await runCase(j, settings(warm))).result;
  t.equal(cold.status, 'pass', `on the spot: ${cold.reason ?? ''}`);
  t.equal(ahead.status, cold.status, `ahead: the same outcome (${ahead.reason ?? ''})`);
  t.same(ahead.steps.map((s) => [s.label, s.ok]), cold.steps.map((s) => [s.label, s.ok]), 'the same steps and results');
  t.same(ahead.agents.map((e) => e.how), ['exited', 'exited'], 'its agents ended as usual');
  t.equal(cold.agentsAheadMs, undefined, 'a case that started its own says nothing of ahead');
  t.ok(ahead.agentsAheadMs !== undefined && ahead.agentsAheadMs > 0, `ahead: its start-up is recorded (${ahead.agentsAheadMs?.toFixed(1)} ms)`);
  t.ok(ahead.durationMs >= ahead.agentsAheadMs!, 'and counted in its duration');
  await warm.close();
});

t.test('an agent that fails to start ahead is its own case\'s outcome, as when started on the spot', { skip }, async (t) => {
  const { binary, kase, job, settings, rt } = await setup();
  const broken = (file: string): RoleRuntime => ({ ...rt, command: () => ({ file, args: [] }) });
  for (const [file, status] of [['/nonexistent/agent', 'crash'], ['false', 'crash']] as const) {
    const j = job(kase('connect/refused-closed-port'), broken(file));
    const cold = (await runCase(j, settings())).result;
    const warm = new WarmHosts(binary, 1);
    warm.warm(j);
    const ahead = (await runCase(j, settings(warm))).result;
    const plain = (s: string | undefined) => (s ?? '').replace(/pid \d+/g, 'pid N');
    t.equal(cold.status, status, `${file} on the spot: ${cold.status} (${cold.reason ?? ''})`);
    t.equal(ahead.status, cold.status, `${file} ahead: the same status`);
    t.equal(plain(ahead.reason), plain(cold.reason), 'and the same reason');
    t.same(ahead.agents.map((e) => e.how), cold.agents.map((e) => e.how), 'the same agent ends');
    await warm.close();
  }
  // Sysctls that cannot be set: no agent is started ahead, and the case reports it as ever.
  const bad = { ...kase('connect/refused-closed-port'), sysctls: { 'net.ipv4.no_such_key': 1 } } as LoadedCase;
  const j = job(bad);
  const warm = new WarmHosts(binary, 1);
  warm.warm(j);
  const made = (warm as unknown as { made: Map<CaseJob, { making: Promise<Warmed> }> }).made.get(j)!.making;
  const w = await made;
  t.match(w.ahead, { sysctlsFailed: /no_such_key/, agents: null }, 'sysctls failed: no agents started');
  const r = (await runCase(j, settings(warm))).result;
  const cold = (await runCase(j, settings())).result;
  t.equal(r.status, 'error', 'the case is an error');
  t.equal(r.reason, cold.reason, 'the error a case that sets its own reports');
  await warm.close();
});

t.test('through the CLI: every job but the first --jobs runs with its agents started ahead; --agents-ahead 0 none', { skip }, async (t) => {
  const cases = ['connect/refused-closed-port', 'rst/closed-port-answers-rst-ack', 'close/half-close-shutdown-write'].map((id) => path.join(ROOT, 'suites', `${id}.ts`));
  const ahead = await runCli([...cases, '--runtime', 'c', '--jobs', '1'], t.testdir());
  const results = ahead.report?.results ?? [];
  t.equal(results.length, 3, `three runs (stderr: ${ahead.stderr.slice(0, 300)})`);
  t.ok(results.every((r) => r.status === 'pass'), results.map((r) => `${r.name}: ${r.status}`).join('; '));
  // A result's agentsAheadMs is the evidence: the first job was never warmed (nothing ran before it).
  t.equal(results.filter((r) => r.agentsAheadMs !== undefined).length, 2, 'two of three started ahead');
  t.ok(results.every((r) => r.agentsAheadMs === undefined || r.durationMs >= r.agentsAheadMs), 'each counting its start-up in its time');
  const own = await runCli([...cases, '--runtime', 'c', '--jobs', '1', '--agents-ahead', '0'], t.testdir());
  const ownResults = own.report?.results ?? [];
  t.same(ownResults.map((r) => [r.name, r.status]), results.map((r) => [r.name, r.status]), 'the control: the same outcomes');
  t.equal(ownResults.filter((r) => r.agentsAheadMs !== undefined).length, 0, 'and none started ahead');
});
