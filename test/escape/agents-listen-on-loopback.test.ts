// Without a namespace (--no-isolate), every agent listens only where the harness tells it to,
// and the harness tells it loopback: no runtime's agent opens a port on the machine's interfaces.
// Checked from outside, in the kernel's own socket table, on each agent's real listening sockets.
import path from 'node:path';
import t from 'tap';
import { AgentProcess, type Answer } from '../../harness/channel/agent-process.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import type { AgentStep } from '../../harness/case/case-types.ts';
import { validateCase } from '../../harness/case/validate-case.ts';
import { buildRequest } from '../../harness/engine/build-request.ts';
import type { AgentCommand } from '../../harness/adapters/adapter.ts';
import { discoverRuntimes } from '../../harness/adapters/discover-runtimes.ts';
import { prepareOne } from '../../harness/adapters/prepare-runtimes.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { listeningSockets, type TcpSocket } from '../helpers/tcp-sockets.ts';

const ANY_ADDRESS_AGENT = path.join(ROOT, 'test', 'fixtures', 'escape', 'agents', 'any-address.mjs');

/** The listen request the harness sends without a namespace; `host` as a case may set it (validate-case allows only these). */
const listenRequest = (as: string, host?: '127.0.0.1' | '::1') => {
  const step: AgentStep = { role: 'server', op: 'listen', as, ...(host === undefined ? {} : { host }) };
  const built = buildRequest(step, new Map(), {}, 2000);
  if ('problem' in built) throw new Error(String(built.problem));
  return built;
};

const shown = (a: Answer): string => ('trouble' in a ? `${a.trouble}: ${a.message}` : JSON.stringify(a.reply));
const where = (s: TcpSocket[]): string => s.map((x) => `${x.address.includes(':') ? `[${x.address}]` : x.address}:${x.port}`).join(', ') || 'none';

/**
 * Starts the agent, asks it to listen as the harness does (the default address, then ::1), then
 * without any `host` at all, and returns its listening sockets after each, read by its pid.
 */
const listenAsTheHarnessDoes = async (runtime: string, command: AgentCommand) => {
  const started = await AgentProcess.start({ role: 'server', runtime, command });
  if ('trouble' in started) throw new Error(`${runtime} did not start: ${started.trouble.message}`);
  const agent = started.agent;
  try {
    const pid = agent.hello?.pid ?? agent.pid!;
    const asked = listenRequest('l4');
    const v4 = await agent.request(asked, 5000);
    const v6 = await agent.request(listenRequest('l6', '::1'), 5000);
    const told = listeningSockets(pid);
    // A request without `host`: an agent must never fall back to the any-address.
    const { host: _host, ...hostless } = asked;
    const bare = await agent.request({ ...hostless, as: 'bare' }, 5000);
    return { pid, asked, v4, v6, told, bare, after: listeningSockets(pid) };
  } finally {
    await agent.end();
  }
};

const { adapters } = await discoverRuntimes([path.join(ROOT, 'runtimes')]);
const cacheDir = defaultCacheDir();
const linux = process.platform === 'linux' || 'reads /proc/<pid>/net/tcp (Linux)';

t.test('the harness gives a listener the loopback address when there is no namespace', async (t) => {
  t.same(listenRequest('l'), { op: 'listen', as: 'l', host: '127.0.0.1', port: 0 });
});

t.test('a case file may name no other address to listen on', async (t) => {
  const listenOn = (host: string) => validateCase({ description: 'd', spec: ['s'], steps: [{ role: 'server', op: 'listen', as: 'l', host }] });
  for (const host of ['127.0.0.1', '::1']) t.ok(listenOn(host).ok, `${host} is allowed`);
  for (const host of ['0.0.0.0', '::', '192.0.2.1', 'localhost']) {
    t.match(listenOn(host), { ok: false, problems: [{ key: 'steps[0].host', message: `Expected \`steps[0].host\` to be one of "127.0.0.1", "::1", got \`"${host}"\` (string)` }] }, `${host} fails loading, naming the key`);
  }
});

for (const adapter of adapters) {
  for (const program of [null, ...(adapter.programs ?? []).map((p) => p.name)]) {
    const label = program === null ? adapter.name : `${adapter.name} ${program}`;
    t.test(`the ${label} agent listens on loopback only`, { skip: linux !== true && linux }, async (t) => {
      const prepared = await prepareOne(adapter, cacheDir);
      if (!prepared.available) {
        t.plan(0, `${adapter.name} is not available here: ${prepared.reason}`);
        return;
      }
      const r = await listenAsTheHarnessDoes(label, prepared.command(program));
      t.ok('reply' in r.v4 && r.v4.reply.ok, `listen ${JSON.stringify(r.asked)} succeeds (${shown(r.v4)})`);
      t.ok('reply' in r.v6 && r.v6.reply.ok, `listen on ::1 succeeds (${shown(r.v6)})`);
      // Both listeners are seen, so "nothing outside loopback" below is not "nothing seen at all".
      t.equal(r.told.length, 2, `pid ${r.pid} holds the two listeners it was asked for (${where(r.told)})`);
      t.same(r.told.filter((s) => !s.loopback), [], `and each is bound to loopback (${where(r.told)})`);
      t.notOk('reply' in r.bare && r.bare.reply.ok, `a listen without \`host\` is refused, not bound to the any-address (${shown(r.bare)})`);
      t.same(r.after.filter((s) => !s.loopback), [], `no listener outside loopback after it either (${where(r.after)})`);
    });
  }
}

t.test('negative control: an agent listening on the any-address is caught by the same check', { skip: linux !== true && linux }, async (t) => {
  const r = await listenAsTheHarnessDoes('any-address', { file: process.execPath, args: [ANY_ADDRESS_AGENT] });
  t.equal(r.told.length, 2, `it holds two listeners (${where(r.told)})`);
  t.same(r.told.filter((s) => !s.loopback).map((s) => s.address).sort(), ['0.0.0.0', '::'], 'both are flagged as outside loopback');
});
