// Harness steps against real things: kernel counters of a real namespace, and real agent processes
// killed, frozen and thawed (test/fixtures/agents/echo.mjs).
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import type { HarnessStep } from '../../harness/case/case-types.ts';
import { createHosts, type Hosts } from '../../harness/net/hosts.ts';
import type { StepRecord } from '../../harness/result/case-result.ts';
import { runHarnessStep, type HarnessContext } from '../../harness/engine/harness-step.ts';
import type { CaseJob, RoleRuntime } from '../../harness/engine/case-job.ts';
import type { RunSettings } from '../../harness/engine/run-settings.ts';
import { ROOT } from '../helpers/run-cli.ts';

const ECHO = path.join(ROOT, 'test', 'fixtures', 'agents', 'echo.mjs');
const echo: RoleRuntime = { name: 'echo', version: '1', command: () => ({ file: process.execPath, args: [ECHO] }) };
const job: CaseJob = {
  kase: { id: 'harness/steps', file: 'suites/harness/steps.ts', description: 'harness steps', spec: ['RFC 9293'], steps: [] },
  variant: null, server: echo, client: echo, family: 'ipv4',
};
const settings: RunSettings = {
  isolation: true, isolationReason: '', captureBinary: null, captureReason: 'not needed here', injectBinary: null, injectReason: 'not needed here',
  firewallReason: null, stepTimeoutMs: 2000, caseTimeoutMs: 10000, platform: process.platform,
};

/** A context as runSteps builds it, around the given hosts and agents. */
const contextFor = (hosts: Hosts | null, agents: AgentProcess[] = []): HarnessContext => ({
  job, hosts, capture: null, agents, ends: [], settings, serverPorts: [], sockets: new Map(), evidence: {},
  memory: new Map(), stepMark: 0, previousStepMark: 0, deadline: performance.now() + settings.caseTimeoutMs,
});

let index = 0;
/** Runs one step the way runSteps does: a fresh record, and "step N (label)" as its place. */
const run = async (ctx: HarnessContext, step: HarnessStep) => {
  const label = step.label ?? `harness ${step.op}`;
  const record: StepRecord = { index: ++index, label, role: 'harness', op: step.op, request: {}, ok: null };
  const at = `step ${record.index} (${label})`;
  return { at, record, outcome: await runHarnessStep(step, record, at, ctx) };
};

const root = process.platform === 'linux' && process.getuid?.() === 0;

t.test('counters: a read, then deltas against it', { skip: !root && 'a namespace of our own needs root on Linux' }, async (t) => {
  const hosts = await createHosts('loopback');
  if ('unavailable' in hosts) throw new Error(`no hosts: ${hosts.reason}`);
  t.teardown(() => hosts.close());
  const ctx = contextFor(hosts);
  const names = ['TcpActiveOpens', 'TcpAttemptFails'];

  const first = await run(ctx, { role: 'harness', op: 'counters', host: 'server', names, label: 'before' });
  t.same(first.outcome, {}, 'a read without expect asserts nothing');
  t.same(first.record.value, { TcpActiveOpens: 0, TcpAttemptFails: 0 }, 'the fresh namespace\'s counters');
  t.equal(first.record.ok, true);

  // One connect to a closed port inside the namespace: one active open, one failed attempt.
  const refused = await execa(hosts.server.prefix[0]!, [...hosts.server.prefix.slice(1), process.execPath, '-e',
    "require('node:net').connect(1, '127.0.0.1').on('error', (e) => process.stdout.write(e.code))"], { reject: false });
  t.equal(String(refused.stdout), 'ECONNREFUSED', String(refused.stderr));

  const delta = { TcpActiveOpens: 1, TcpAttemptFails: 1 };
  const ok = await run(ctx, { role: 'harness', op: 'counters', host: 'server', names, label: 'after the connect', expect: { delta } });
  t.same(ok.outcome, { check: { failure: null, divergence: null, matchesKernel: false } });
  t.match(ok.record, { ok: true, value: { TcpActiveOpens: 1, TcpAttemptFails: 1 }, wanted: 'TcpActiveOpens +1, TcpAttemptFails +1', verdict: 'ok' });
  t.same(ctx.evidence, { 'TcpActiveOpens delta at after the connect': 1, 'TcpAttemptFails delta at after the connect': 1 }, 'deltas are evidence');

  // Compared with the previous read, not the first: nothing happened since.
  const again = await run(ctx, { role: 'harness', op: 'counters', host: 'server', names: ['TcpActiveOpens'], label: 'idle', expect: { delta: { TcpActiveOpens: 1 } } });
  t.same(again.outcome, { check: { failure: { at: again.at, wanted: 'TcpActiveOpens +1', found: 'TcpActiveOpens +0' }, divergence: null, matchesKernel: false } },
    'a mismatch is a failure with what was wanted and found, at the step');
  t.equal(again.record.verdict, 'mismatch');
  t.equal(ctx.evidence['TcpActiveOpens delta at idle'], 0);
});

t.test('counters: harness trouble, not a failure', { skip: !root && 'a namespace of our own needs root on Linux' }, async (t) => {
  const hosts = await createHosts('loopback');
  if ('unavailable' in hosts) throw new Error(`no hosts: ${hosts.reason}`);
  t.teardown(() => hosts.close());
  const ctx = contextFor(hosts);

  const unknown = await run(ctx, { role: 'harness', op: 'counters', host: 'server', names: ['TcpActiveOpens', 'TcpExtNoSuchCounter'] });
  t.same(unknown.outcome, { trouble: { trouble: 'error', message: `${unknown.at}: this kernel has no counter TcpExtNoSuchCounter` } });
  t.same(unknown.record.value, { TcpActiveOpens: 0, TcpExtNoSuchCounter: null }, 'what was read is still shown');

  // The server has been read, the client never: a delta there has nothing to compare with.
  const noBase = await run(ctx, { role: 'harness', op: 'counters', host: 'client', names: ['TcpActiveOpens'], expect: { delta: { TcpActiveOpens: 0 } } });
  t.same(noBase.outcome, { trouble: { trouble: 'error', message: `${noBase.at}: a delta needs an earlier counters step on the client` } });
  t.ok((ctx.memory.get('counters') as Map<string, unknown>).has('client'), 'but the read counts as the base of the next delta');
});

/** Starts an echo agent as `role`; ends whatever is left of it when the test ends (thawed first, so it can hear stdin EOF). */
const startEcho = async (t: { teardown(fn: () => Promise<void>): void }, role: string): Promise<AgentProcess> => {
  const started = await AgentProcess.start({ role, runtime: 'echo', command: echo.command() });
  if ('trouble' in started) throw new Error(`echo did not start: ${started.trouble.message}`);
  const agent = started.agent;
  t.teardown(async () => {
    await agent.freeze(false);
    await agent.end();
  });
  return agent;
};

/** The process state letter from /proc/<pid>/stat (after the parenthesised command name). */
const stateOf = async (pid: number): Promise<string> => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
};

const linux = process.platform === 'linux' ? false : '/proc/<pid>/stat is Linux-only';

t.test('freeze stops the agent; thaw resumes it', { skip: linux }, async (t) => {
  const agent = await startEcho(t, 'server');
  const ctx = contextFor(null, [agent]);
  const frozen = await run(ctx, { role: 'harness', op: 'freeze', target: 'server' });
  t.same(frozen.outcome, {});
  t.equal(frozen.record.ok, true);
  t.equal(await stateOf(agent.pid!), 'T', 'the kernel reports it stopped once the step returns');

  const thawed = await run(ctx, { role: 'harness', op: 'thaw', target: 'server' });
  t.same(thawed.outcome, {});
  t.equal(thawed.record.ok, true);
  t.match(await agent.request({ op: 'close', sock: 'c' }, 2000), { reply: { ok: true, value: { op: 'close', sock: 'c' } } }, 'it answers again');
  t.same(ctx.ends, [], 'no agent ended');
  t.equal(ctx.agents.length, 1);
});

t.test('kill ends the agent by SIGKILL, as the case\'s stimulus', { skip: linux }, async (t) => {
  const [server, client] = [await startEcho(t, 'server'), await startEcho(t, 'client')];
  const ctx = contextFor(null, [server, client]);
  const killed = await run(ctx, { role: 'harness', op: 'kill', target: 'server' });
  t.same(killed.outcome, {});
  t.equal(killed.record.ok, true);
  t.same(ctx.ends, [{ role: 'server', runtime: 'echo', pid: server.pid, how: 'killed-by-step', exitCode: null, signal: 'SIGKILL', stderrTail: 'echo agent: ready\n' }]);
  t.same(ctx.agents, [client], 'the killed agent is no longer among the live ones');
  t.notOk(existsSync(`/proc/${server.pid}`), 'its process is gone (reaped)');

  const again = await run(ctx, { role: 'harness', op: 'kill', target: 'server' });
  t.same(again.outcome, { trouble: { trouble: 'error', message: `${again.at}: no server agent is running` } }, 'a second kill is harness trouble');
  const freeze = await run(ctx, { role: 'harness', op: 'freeze', target: 'server' });
  t.same(freeze.outcome, { trouble: { trouble: 'error', message: `${freeze.at}: no server agent is running` } });
  t.match(await client.request({ op: 'close', sock: 'c' }, 2000), { reply: { ok: true } }, 'the other agent lives on');
});

t.test('freezing an agent that has exited is harness trouble with the reason', { skip: linux }, async (t) => {
  const agent = await startEcho(t, 'client');
  await agent.end();
  const ctx = contextFor(null, [agent]);
  const frozen = await run(ctx, { role: 'harness', op: 'freeze', target: 'client' });
  t.same(frozen.outcome, { trouble: { trouble: 'error', message: `${frozen.at}: the echo client agent (pid ${agent.pid}) is not running` } });
  t.equal(frozen.record.ok, false);
});
