// own-group.ts: which agents get a process group of their own, and why that group (and not a new session):
// a stopped process ends with its parent only when its group is orphaned by that death within one session
// (kernel/exit.c kill_orphaned_pgrp()). Real processes; the parent is SIGKILLed, as a harness may be.
import { readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { loadCases } from '../../harness/case/load-cases.ts';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import { freezes, ownGroupPrefix } from '../../harness/channel/own-group.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import type { CaseJob, RoleRuntime } from '../../harness/engine/case-job.ts';
import { AHEAD_NICE } from '../../harness/engine/start-agents.ts';
import { WarmHosts } from '../../harness/engine/warm-hosts.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import c from '../../runtimes/c/adapter.ts';
import { ROOT } from '../helpers/run-cli.ts';

const linux = process.platform === 'linux' ? false : 'process groups and /proc: Linux';
const GONE_WITHIN_MS = 3000;
const STOPPED_WITHIN_MS = 3000;

/** From /proc/<pid>/stat: state letter, process group, session; null once gone. */
const statOf = (pid: number): { state: string; pgrp: number; session: number } | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, , pgrp, session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: state!, pgrp: Number(pgrp), session: Number(session) };
  } catch {
    return null;
  }
};

/** Polls until `probe` holds, at most `ms`; /proc has no event for a process stopping or a reparented one ending. */
const within = async (ms: number, probe: () => boolean): Promise<boolean> => {
  const deadline = performance.now() + ms;
  while (!probe()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
};

const cases = async (): Promise<(id: string) => LoadedCase> => {
  const loaded = await loadCases([path.join(ROOT, 'suites')], ROOT);
  return (id) => {
    const k = loaded.cases.find((x) => x.id === id);
    if (k === undefined) throw new Error(`no case ${id}`);
    return k;
  };
};

t.test('only a role the case freezes gets the prefix, an executable that execs its arguments', { skip: linux }, async (t) => {
  const kase = await cases();
  const freezing = kase('close/fin-wait2-timeout').steps;
  t.ok(freezes(freezing, 'server'), 'fin-wait2-timeout freezes its server');
  t.notOk(freezes(freezing, 'client'), 'and not its client');
  t.notOk(freezes(kase('connect/refused-closed-port').steps, 'server'), 'a case with no freeze step freezes nobody');
  t.same(await ownGroupPrefix(freezing, 'client'), [], 'no prefix for the client');
  const prefix = await ownGroupPrefix(freezing, 'server');
  t.equal(prefix.length, 1, `the server's: the wrapper (${prefix.join(' ')})`);
  const r = await execa(prefix[0]!, ['sh', '-c', 'cat /proc/$$/stat'], { reject: false });
  const [pid, , , , pgrp] = String(r.stdout).replace(/\(.*\)/, 'x').split(' ');
  t.equal(pgrp, pid, 'the program it execs leads a process group of its own');
  t.match((await execa(prefix[0]!, ['/nonexistent/program'], { reject: false })).exitCode, 127, 'a program that cannot be run: exit 127');
});

/**
 * A parent (bash, in our process group) starts `command` and is SIGKILLed while the child is stopped:
 * whether the child is still stopped right after the parent's exit (the kernel's SIGHUP + SIGCONT, when
 * sent, are sent within that exit), and whether it is gone within GONE_WITHIN_MS.
 */
const orphanStopped = async (command: string[]) => {
  const parent = execa('bash', ['-c', '"$@" </dev/null >/dev/null 2>&1 & echo $!; wait', 'bash', ...command], { reject: false });
  const pid = await new Promise<number>((resolve, reject) => {
    parent.stdout?.once('data', (b: Buffer) => resolve(Number(String(b).trim())));
    void parent.then(() => reject(new Error('the parent ended before naming its child')));
  });
  // Stopped once it runs `command`'s last program (the wrapper's setpgid and exec done), as an agent is stopped after its hello.
  const program = path.basename(command.at(-2)!);
  await within(STOPPED_WITHIN_MS, () => { try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === program; } catch { return true; } });
  process.kill(pid, 'SIGSTOP');
  const stopped = await within(STOPPED_WITHIN_MS, () => statOf(pid)?.state === 'T');
  const before = statOf(pid);
  parent.kill('SIGKILL');
  await parent;
  const stillStopped = statOf(pid)?.state === 'T';
  // Still stopped right after the exit: nothing was sent, and nothing will be; no need to wait.
  const gone = !stillStopped && await within(GONE_WITHIN_MS, () => { const s = statOf(pid); return s === null || s.state === 'Z'; });
  if (!gone) try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ } // our own leftover, ended by pid
  return { pid, stopped, before, stillStopped, gone };
};

t.test('a stopped child in a group of its own ends with its SIGKILLed parent; in ours or in a new session it stays stopped', { skip: linux }, async (t) => {
  const kase = await cases();
  const [wrapper] = await ownGroupPrefix(kase('close/fin-wait2-timeout').steps, 'server');
  const ours = statOf(process.pid)!;

  const own = await orphanStopped([wrapper!, 'sleep', '60']);
  t.ok(own.stopped, 'the child was stopped');
  t.ok(own.before !== null && own.before.pgrp === own.pid && own.before.session === ours.session, 'in a group of its own, in our session');
  t.notOk(own.stillStopped, "the parent's exit orphaned its group: SIGHUP + SIGCONT");
  t.ok(own.gone, `and it ended within ${GONE_WITHIN_MS} ms`);

  // Negative controls: without the wrapper (the agents as they were), and with setsid (Node's detached: true).
  const shared = await orphanStopped(['sleep', '60']);
  t.ok(shared.stopped && shared.before?.pgrp === ours.pgrp, 'control: a child in our group, stopped');
  t.ok(shared.stillStopped, 'is still stopped after its parent died (then ended by the test): its group (ours) is not orphaned');
  const session = await orphanStopped(['setsid', 'sleep', '60']);
  t.ok(session.stopped && session.before?.session === session.pid, 'control: a child in a new session, stopped');
  t.ok(session.stillStopped, 'is still stopped after its parent died (then ended by the test): kill_orphaned_pgrp() signals only within the dying parent\'s session');
});

t.test('started ahead: the frozen role in its own group at the ahead niceness, in the case namespace; the other in ours', {
  skip: linux || (process.getuid?.() !== 0 && 'network namespaces need root'),
}, async (t) => {
  const cacheDir = defaultCacheDir();
  const [kase, capture, runtime] = await Promise.all([cases(), prepareCapture(cacheDir), c.prepare({ cacheDir })]);
  if (!runtime.available) throw new Error(`the C agent: ${runtime.reason}`);
  const rt: RoleRuntime = { name: 'c', version: runtime.version ?? '', command: () => runtime.command() };
  const job: CaseJob = { kase: kase('close/all-read-sends-fin'), variant: null, server: rt, client: rt, family: 'ipv4' };
  t.ok(freezes(job.kase.steps, 'server') && !freezes(job.kase.steps, 'client'), 'all-read-sends-fin freezes its server alone');
  const warm = new WarmHosts(capture.ok ? capture.binary : null, 1);
  warm.warm(job);
  const w = await warm.take(job);
  if ('unavailable' in w.hosts) throw new Error(w.hosts.reason);
  const agents = (w.ahead?.agents?.starts ?? []).flatMap((s) => ('agent' in s ? [s.agent] : []));
  const [server, client] = ['server', 'client'].map((role) => agents.find((a) => a.role === role)!);
  const ours = statOf(process.pid)!;
  const ss = statOf(server!.pid!)!;
  t.equal(ss.pgrp, server!.pid, 'the server agent (the pid we signal) leads its own group');
  t.equal(ss.session, ours.session, 'in our session');
  t.equal(statOf(client!.pid!)!.pgrp, ours.pgrp, 'the client agent is in our group, as every agent a case does not freeze');
  // Started ahead at AHEAD_NICE, back at 0 once its case takes it (19007ae): the pid we renice is the agent's, through the wrapper's exec chain.
  t.equal(os.getPriority(server!.pid!), 0, `the server, started ahead at nice ${AHEAD_NICE}, is back at 0 once its case took it: the wrapper kept one pid`);
  const netns = (pid: number): string => readlinkSync(`/proc/${pid}/ns/net`);
  t.equal(netns(server!.pid!), netns(w.hosts.server.pid), "in the case's namespace");
  await Promise.all(agents.map((a) => a.end()));
  await w.hosts.close();
  await warm.close();
});
