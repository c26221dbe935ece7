// Drives AgentProcess against small real agent programs (test/fixtures/agents), one per behaviour.
import path from 'node:path';
import t from 'tap';
import { AgentProcess, type Answer } from '../../harness/channel/agent-process.ts';
import type { AgentEnd } from '../../harness/result/case-result.ts';
import { ROOT } from '../helpers/run-cli.ts';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'agents');

const start = (fixture: string, helloTimeoutMs?: number) =>
  AgentProcess.start({ role: 'server', runtime: fixture, command: { file: process.execPath, args: [path.join(FIXTURES, `${fixture}.mjs`)] }, helloTimeoutMs });

/** Starts a fixture that must say hello; fails the test otherwise. */
const started = async (fixture: string): Promise<AgentProcess> => {
  const r = await start(fixture);
  if ('trouble' in r) throw new Error(`${fixture} did not start: ${r.trouble.message}`);
  return r.agent;
};

const troubleOf = (a: Answer) => ('trouble' in a ? a : null);
const name = (fixture: string, pid: number | null) => `the ${fixture} server agent (pid ${pid})`;

t.test('a correct agent: hello, replies in order, exits on stdin EOF', async (t) => {
  const agent = await started('echo');
  t.match(agent.hello, { hello: 'sockspec-agent', protocol: 1, runtime: 'echo', pid: agent.pid });
  t.type(agent.pid, 'number');
  const first = await agent.request({ op: 'send', sock: 'c', data: 'hello' }, 2000);
  t.match(first, { reply: { id: 1, ok: true, value: { op: 'send', sock: 'c', data: 'hello' } } });
  const second = await agent.request({ op: 'close', sock: 'c' }, 2000);
  t.match(second, { reply: { id: 2, ok: true, value: { op: 'close' } } }, 'ids count up');
  const end = await agent.end();
  t.same(end, { role: 'server', runtime: 'echo', pid: agent.pid, how: 'exited', exitCode: 0, signal: null, stderrTail: 'echo agent: ready\n' });
  t.match(await agent.request({ op: 'close', sock: 'c' }, 2000), { trouble: 'crash', message: `${name('echo', agent.pid)} had already exited` },
    'a request after the end is trouble, not a hang');
});

t.test('an agent ended while frozen is continued and exits on the EOF, not by the signal ladder', async (t) => {
  const agent = await started('echo');
  t.equal(await agent.freeze(true), null, 'stopped');
  const end = await agent.end();
  t.match(end, { how: 'exited', exitCode: 0, signal: null }, 'exited on its stdin EOF (without SIGCONT: terminated or killed after 1-2 s)');
});

t.test('an agent that never says hello: timeout, then it is ended politely', async (t) => {
  const r = await start('no-hello', 300);
  if (!('trouble' in r)) throw new Error('no-hello started');
  t.equal(r.trouble.trouble, 'timeout');
  t.match(r.trouble.message, /^the no-hello server agent \(pid \d+\) did not send its hello within 300 ms$/);
  t.match(r.end, { how: 'exited', exitCode: 0, signal: null });
});

// Agents started ahead wait at nice 10 while earlier cases run: their hello's bound counts from their case's start.
t.test('a hello bound counted from a later moment (helloFrom): no timeout before it, the bound after it', async (t) => {
  let begin: () => void = () => {};
  const from = new Promise<void>((resolve) => (begin = resolve));
  const t0 = performance.now();
  const pending = AgentProcess.start({ role: 'server', runtime: 'no-hello', command: { file: process.execPath, args: [path.join(FIXTURES, 'no-hello.mjs')] }, helloTimeoutMs: 100, helloFrom: from });
  // The bound (100 ms) passes twice over before the moment it counts from.
  const early = await Promise.race([pending.then(() => 'ended' as const), new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 300))]);
  t.equal(early, 'waiting', 'no timeout while the moment has not come');
  const at = performance.now();
  begin();
  const r = await pending;
  if (!('trouble' in r)) throw new Error('no-hello started');
  t.equal(r.trouble.trouble, 'timeout');
  t.match(r.trouble.message, /did not send its hello \(started ahead; counted from its case's start\) within 100 ms$/);
  t.ok(performance.now() - at >= 95, `the bound ran from that moment (${Math.round(performance.now() - at)} ms after it, ${Math.round(performance.now() - t0)} ms after the spawn)`);
  // A hello that comes meanwhile is taken as ever.
  const ok = await AgentProcess.start({ role: 'server', runtime: 'echo', command: { file: process.execPath, args: [path.join(FIXTURES, 'echo.mjs')] }, helloTimeoutMs: 100, helloFrom: new Promise(() => {}) });
  if ('trouble' in ok) throw new Error(ok.trouble.message);
  t.match(ok.agent.hello, { hello: 'sockspec-agent' }, 'a hello before the moment starts the agent');
  await ok.agent.end();
});

t.test('an agent whose first line is not a protocol-1 hello: error quoting the line', async (t) => {
  const r = await start('bad-hello');
  if (!('trouble' in r)) throw new Error('bad-hello started');
  t.equal(r.trouble.trouble, 'error');
  t.match(r.trouble.message, 'did not start with a protocol-1 hello; it wrote "{\\"hello\\":\\"some-other-program\\",\\"protocol\\":2}"');
  t.match(r.end, { how: 'exited', exitCode: 0 });
});

t.test('a program that cannot be spawned: crash at start, never-started', async (t) => {
  const r = await AgentProcess.start({ role: 'client', runtime: 'ghost', command: { file: path.join(FIXTURES, 'no-such-program'), args: [] } });
  if (!('trouble' in r)) throw new Error('ghost started');
  t.equal(r.trouble.trouble, 'crash');
  t.match(r.trouble.message, /^the ghost client agent \(pid \?\) could not start: .*ENOENT/);
  t.match(r.end, { role: 'client', runtime: 'ghost', pid: null, how: 'never-started', exitCode: null });
});

t.test('a reply with the wrong id: error, and every later request gets the same error', async (t) => {
  const agent = await started('wrong-id');
  const answer = await agent.request({ op: 'state', sock: 's' }, 2000);
  t.same(troubleOf(answer), { trouble: 'error', message: `${name('wrong-id', agent.pid)} answered id 2 to request 1` });
  t.same(await agent.request({ op: 'state', sock: 's' }, 2000), answer, 'the agent is not trusted again');
  t.match(await agent.end(), { how: 'exited', exitCode: 0 });
});

t.test('a fault reply: error naming the request and the fault', async (t) => {
  const agent = await started('fault');
  t.same(troubleOf(await agent.request({ op: 'send', sock: 'x9', data: '' }, 2000)),
    { trouble: 'error', message: `${name('fault', agent.pid)} rejected request 1 as faulty: unknown socket "x9"` });
  t.match(await agent.end(), { how: 'exited' });
});

t.test('a reply that is not a JSON object: error quoting it', async (t) => {
  const agent = await started('not-json');
  t.same(troubleOf(await agent.request({ op: 'close', sock: 'c' }, 2000)),
    { trouble: 'error', message: `${name('not-json', agent.pid)} wrote a line that is not a JSON object: "[1,2,3]"` });
  t.match(await agent.end(), { how: 'exited' });
});

t.test('an agent that exits mid-request: crash with its exit code and stderr', async (t) => {
  const agent = await started('exit-mid-request');
  const answer = await agent.request({ op: 'recv', sock: 'c' }, 5000);
  t.equal(troubleOf(answer)?.trouble, 'crash');
  t.match(troubleOf(answer)?.message, `${name('exit-mid-request', agent.pid)} exited with code 3; stderr: exit-mid-request agent: dying on purpose`);
  const end = await agent.end();
  t.match(end, { how: 'crashed', exitCode: 3, signal: null, stderrTail: 'dying on purpose' } satisfies Partial<AgentEnd>);
});

t.test('an agent that floods a line over 1 MiB: error quoting the start of it', async (t) => {
  const agent = await started('flood');
  const answer = await agent.request({ op: 'recv', sock: 'c' }, 5000);
  t.equal(troubleOf(answer)?.trouble, 'error');
  t.equal(troubleOf(answer)?.message, `agent wrote a line longer than 1 MiB, starting "${'x'.repeat(200)}"`);
  t.match(await agent.end(), { how: 'exited', exitCode: 0 });
});

t.test('an agent that does not answer in time: timeout naming the request', async (t) => {
  const agent = await started('ignore-eof');
  t.same(troubleOf(await agent.request({ op: 'accept', sock: 'l', as: 's' }, 200)),
    { trouble: 'timeout', message: `${name('ignore-eof', agent.pid)} did not send its reply to request 1 (accept) within 200 ms` });
  // It ignores stdin EOF, so the end ladder needs SIGTERM (whose default action ends it).
  t.match(await agent.end(), { how: 'terminated', exitCode: null, signal: 'SIGTERM' });
});

t.test('an agent that ignores stdin EOF and SIGTERM is killed', async (t) => {
  const agent = await started('ignore-term');
  const end = await agent.end();
  t.match(end, { how: 'killed', exitCode: null, signal: 'SIGKILL', stderrTail: 'ignoring SIGTERM' });
});
