// The pasta and slirp4netns nets: the client reaches the container's server through the published (forwarded) port; a
// connect with nobody listening inside is accepted, then closed with a FIN (not refused); nothing is left once closed or killed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { execa } from 'execa';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import { agentPrefixOf, type Hosts } from '../../harness/net/hosts.ts';
import { netNamed } from '../../harness/net/nets/index.ts';
import type { Family } from '../../harness/case/family.ts';
import c from '../../runtimes/c/adapter.ts';
import { descendants } from '../helpers/descendants.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const NETS = ['pasta', 'slirp4netns'] as const;
// The forwarder's process name (pasta execs passt.avx2 where the CPU has AVX2).
const FORWARDER: Record<(typeof NETS)[number], RegExp> = { pasta: /^pas/, slirp4netns: /^slirp4netns/ };
const whyNot = Object.fromEntries(await Promise.all(NETS.map(async (n) => [n, process.platform !== 'linux' ? 'needs Linux' : await netNamed(n)!.detect()] as const)));
const prepared = Object.values(whyNot).some((w) => w === null) ? await c.prepare({ cacheDir: defaultCacheDir() }) : null;
const runtime = prepared !== null && prepared.available ? prepared : null;
const skipOf = (n: (typeof NETS)[number], family: Family = 'ipv4'): string | false =>
  whyNot[n] ?? (runtime === null ? 'needs the C agent' : n === 'slirp4netns' && family === 'ipv6' ? 'slirp4netns forwards IPv4 only (SLIRP_V6)' : false);

/** Each role's C agent on `net`'s hosts; ended at teardown. */
const agents = async (tt: Test, hosts: Hosts) => {
  const start = (role: 'server' | 'client') => AgentProcess.start({ role, runtime: 'c', command: runtime!.command(), prefix: agentPrefixOf(hosts, role) });
  const [server, client] = await Promise.all([start('server'), start('client')]);
  if (!('agent' in server) || !('agent' in client)) throw new Error('agents did not start');
  tt.teardown(() => Promise.all([server.agent.end(), client.agent.end()]));
  return { server: server.agent, client: client.agent };
};

/** The reply's value, or its error name. */
const said = (a: Awaited<ReturnType<AgentProcess['request']>>): string =>
  !('reply' in a) ? 'no reply' : a.reply.ok ? `ok ${JSON.stringify(a.reply.value)}` : String((a.reply as { error?: { name?: string } }).error?.name);

for (const family of ['ipv4', 'ipv6'] as Family[]) {
  for (const n of NETS) {
  t.test(`${n}, ${family}: a connect to a published port with no listener inside is accepted, then ends with EOF`, { skip: skipOf(n, family) }, async (tt) => {
    const hosts = await netNamed(n)!.createHosts({ topology: 'loopback', family, captureBinary: null });
    if ('unavailable' in hosts) { tt.fail(hosts.reason); return; }
    tt.teardown(() => hosts.close());
    const { server, client } = await agents(tt, hosts);
    // A reserved port (bound, not listening) is a closed port inside the container: the kernel net refuses a connect to it.
    const reserve = await server.request({ op: 'reserve', as: 'r', host: hosts.server.address, port: 0 }, 3000);
    const port = 'reply' in reserve && reserve.reply.ok ? Number(reserve.reply.value.port) : 0;
    const to = await hosts.reach!({ address: hosts.server.address, port });
    if ('problem' in to) { tt.fail(to.problem); return; }
    const connect = await client.request({ op: 'connect', as: 'c', host: to.host, port: to.port, timeoutMs: 2000 }, 3000);
    tt.match(said(connect), /^ok/, `the connect succeeds: ${n} accepted it on the host before trying the container`);
    const recv = await client.request({ op: 'recv', sock: 'c', max: 10, timeoutMs: 2000 }, 3000);
    tt.match(said(recv), /"eof":true|"data":""/, `then the read ends with EOF, not ECONNRESET (${said(recv)})`);
  });

  }
  // Control: the same on the kernel net is refused.
  t.test(`control, ${family}: on the kernel net the same connect is refused`, { skip: runtime === null ? 'needs the C agent' : false }, async (tt) => {
    const hosts = await netNamed('kernel')!.createHosts({ topology: 'loopback', family, captureBinary: null });
    if ('unavailable' in hosts) { tt.fail(hosts.reason); return; }
    tt.teardown(() => hosts.close());
    const { server, client } = await agents(tt, hosts);
    const reserve = await server.request({ op: 'reserve', as: 'r', host: hosts.server.address, port: 0 }, 3000);
    const port = 'reply' in reserve && reserve.reply.ok ? Number(reserve.reply.value.port) : 0;
    const connect = await client.request({ op: 'connect', as: 'c', host: hosts.server.address, port, timeoutMs: 2000 }, 3000);
    tt.equal(said(connect), 'ECONNREFUSED');
  });
}


const comm = (pid: number): string => { try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; } };

/** Waits (bounded) until none of `pids` exists; returns those left. */
const gone = async (pids: number[], ms: number): Promise<number[]> => {
  const deadline = performance.now() + ms;
  let left = pids;
  while (performance.now() < deadline) {
    left = left.filter((p) => existsSync(`/proc/${p}`));
    if (left.length === 0) return [];
    await new Promise((r) => setImmediate(r));
  }
  return left;
};

for (const n of NETS) t.test(`${n}: closed, or killed mid-run with SIGKILL, it leaves no process (and so no namespace, tap device or mount)`, { skip: skipOf(n) }, async (tt) => {
  const before = new Set(await descendants(process.pid));
  const hosts = await netNamed(n)!.createHosts({ topology: 'loopback', family: 'ipv4', captureBinary: null });
  if ('unavailable' in hosts) { tt.fail(hosts.reason); return; }
  const made = (await descendants(process.pid)).filter((p) => !before.has(p));
  tt.ok(made.some((p) => FORWARDER[n].test(comm(p))), `${n} runs among the ${made.length} processes started`);
  await hosts.close();
  tt.same(await gone(made, 3000), [], 'close() ends every process it started');

  // A child that brings the net up and says so, then is killed by SIGKILL: nothing of it may stay.
  const child = execa(process.execPath, ['--import', 'tsx', path.join(HERE, 'usernet-up.ts'), n], { reject: false, buffer: false, stdout: 'pipe', cwd: path.join(HERE, '..', '..') });
  const up = await new Promise<string>((resolve) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => { text += d.toString(); if (text.includes('\n')) resolve(text.trim()); });
    void child.then(() => resolve(text.trim() || 'exited'));
  });
  tt.equal(up, 'up', 'the child brought the net up');
  const under = await descendants(child.pid!);
  tt.ok(under.some((p) => FORWARDER[n].test(comm(p))), `the child's net runs ${n} among ${under.length} processes`);
  child.kill('SIGKILL');
  await child;
  tt.same(await gone(under, 5000), [], 'after SIGKILL every one of them is gone within 5 s');
});

// A whole run interrupted: the CLI over both nets, killed by SIGKILL once a forwarder runs (no cleanup of its own can run).
t.test('a sockspec run over pasta and slirp4netns, killed by SIGKILL mid-run, leaves no process', { skip: skipOf('pasta') || skipOf('slirp4netns') }, async (tt) => {
  const root = path.join(HERE, '..', '..');
  const child = execa(process.execPath, [path.join(root, 'bin', 'sockspec.js'), 'close/half-close-shutdown-write', 'close/time-wait-after-active-close', '--runtime', 'c', '--net', 'pasta,slirp4netns', '--family', 'ipv4', '--repeat', '20', '--out', tt.testdir(), '--reporter', 'tap'], { cwd: root, reject: false, env: { NO_COLOR: '1' } });
  // Mid-run, observably: a forwarder runs under the CLI (polled, bounded).
  const deadline = performance.now() + 30_000;
  let under: number[] = [];
  while (performance.now() < deadline && child.exitCode === null) {
    under = await descendants(child.pid!);
    if (under.some((p) => FORWARDER.pasta.test(comm(p)) || FORWARDER.slirp4netns.test(comm(p)))) break;
  }
  tt.ok(under.some((p) => FORWARDER.pasta.test(comm(p)) || FORWARDER.slirp4netns.test(comm(p))), `a forwarder runs mid-run among ${under.length} processes`);
  child.kill('SIGKILL');
  await child;
  tt.same(await gone(under, 5000), [], 'after SIGKILL every process of the run is gone within 5 s (forwarders, wrappers, holders, agents)');
});
