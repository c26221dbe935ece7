// The lwip net: the server's agent answers from lwIP on a TAP device (the kernel lists no such socket, and its SYN-ACK
// is lwIP's: MSS and window scale, no SACK, no timestamps), the kernel client reaches it over IPv4 and IPv6, and nothing is
// left once closed, or once a run over it is killed.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { execa } from 'execa';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import { agentPrefixOf, type Hosts } from '../../harness/net/hosts.ts';
import { netNamed } from '../../harness/net/nets/index.ts';
import type { Family } from '../../harness/case/family.ts';
import c from '../../runtimes/c/adapter.ts';
import { descendants } from '../helpers/descendants.ts';

const why = process.platform !== 'linux' ? 'needs Linux' : await netNamed('lwip')!.detect();

/** Listen on the server, connect from the client, accept; the SYN-ACK's option names and what the namespace's kernel lists. */
const handshake = async (t: Test, net: string, family: Family = 'ipv4'): Promise<{ options: string[]; listed: string; hosts: Hosts } | null> => {
  const cacheDir = defaultCacheDir();
  const [capture, runtime] = await Promise.all([prepareCapture(cacheDir), c.prepare({ cacheDir })]);
  if (!capture.ok || !runtime.available) { t.plan(0, 'needs the capture and the C agent'); return null; }
  const hosts = await netNamed(net)!.createHosts({ topology: 'loopback', family, captureBinary: capture.binary });
  if ('unavailable' in hosts) { t.fail(hosts.reason); return null; }
  t.teardown(() => hosts.close());
  const start = (role: 'server' | 'client') => AgentProcess.start({ role, runtime: 'c', command: runtime.command(), prefix: agentPrefixOf(hosts, role) });
  const [server, client] = await Promise.all([start('server'), start('client')]);
  if (!('agent' in server) || !('agent' in client)) { t.fail('agents did not start'); return null; }
  const listen = await server.agent.request({ op: 'listen', as: 'l', host: hosts.server.address, port: 0 }, 3000);
  const port = 'reply' in listen && listen.reply.ok ? Number(listen.reply.value.port) : 0;
  const connect = await client.agent.request({ op: 'connect', as: 'c', host: hosts.server.address, port, timeoutMs: 3000 }, 4000);
  t.ok('reply' in connect && connect.reply.ok, `the kernel client reaches ${hosts.server.address}`);
  const accept = await server.agent.request({ op: 'accept', sock: 'l', as: 's', timeoutMs: 3000 }, 4000);
  t.ok('reply' in accept && accept.reply.ok, 'the server accepts it');
  const p = hosts.server.prefix;
  const listed = String((await execa(p[0]!, [...p.slice(1), 'ss', '-Htln', `sport = :${port}`])).stdout).trim();
  const stopped = await hosts.capture!.stop();
  const synAck = stopped.segments.find((s) => s.flags.includes('SYN') && s.flags.includes('ACK'));
  await Promise.all([server.agent.end(), client.agent.end()]);
  return { options: (synAck?.options ?? []).map((o) => o.name).filter((n) => n !== 'nop'), listed, hosts };
};

// IPv6: lwip-up.c gives lwIP's netif 2001:db8::1 and answers the kernel's neighbour solicitations, else no SYN reaches it.
for (const family of ['ipv4', 'ipv6'] as const) t.test(`lwip, ${family}: the server's TCP is lwIP's on tap0, the client's the kernel's`, { skip: why ?? false }, async (t) => {
  const got = await handshake(t, 'lwip', family);
  if (got === null) return;
  t.equal(got.listed, '', "the namespace's kernel has no listener on the port: it is lwIP's");
  t.same(got.options, ['mss', 'wscale'], "the SYN-ACK is lwIP's: MSS and window scale only (LWIP_TCP_SACK_OUT and LWIP_TCP_TIMESTAMPS are 0 in Debian's build: lwIP's opt.h defaults, src/core/tcp_out.c tcp_enqueue_flags())");
  const holder = got.hosts.server.pid;
  await got.hosts.close();
  t.notOk(existsSync(`/proc/${holder}`), 'the namespace holder, and with it tap0, is gone');
});

// Control: the kernel net's listener is listed, and its SYN-ACK carries SACK and timestamps.
for (const family of ['ipv4', 'ipv6'] as const) t.test(`control, ${family}: on the kernel net the SYN-ACK is Linux's`, { skip: why ?? false }, async (t) => {
  const got = await handshake(t, 'kernel', family);
  if (got === null) return;
  t.match(got.listed, /LISTEN/, 'the kernel lists the listener');
  t.ok(got.options.includes('sackOK') && got.options.includes('TS'), `Linux's SYN-ACK: ${got.options.join(', ')}`);
});

const isLwipAgent = (pid: number): boolean => { try { return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('c-agent-lwip'); } catch { return false; } };

// A whole run interrupted: the CLI over lwip (IPv6), killed by SIGKILL once an lwIP agent runs (no cleanup of its own can run).
t.test('a sockspec run over lwip, killed by SIGKILL mid-run, leaves no process (and so no namespace or tap device)', { skip: why ?? false }, async (t) => {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const child = execa(process.execPath, [path.join(root, 'bin', 'sockspec.js'), 'close/half-close-shutdown-write', 'connect/refused-closed-port', '--runtime', 'c', '--net', 'lwip', '--family', 'ipv6', '--repeat', '20', '--out', t.testdir(), '--reporter', 'tap'], { cwd: root, reject: false, env: { NO_COLOR: '1' } });
  // Mid-run, observably: an lwIP agent runs under the CLI (polled, bounded).
  const deadline = performance.now() + 30_000;
  let under: number[] = [];
  while (performance.now() < deadline && child.exitCode === null) {
    under = await descendants(child.pid!);
    if (under.some(isLwipAgent)) break;
  }
  t.ok(under.some(isLwipAgent), `an lwIP agent runs mid-run among ${under.length} processes`);
  child.kill('SIGKILL');
  await child;
  // Bounded well above the 1.3-3.4 s measured: an agent mid-step sees stdin's EOF only once its blocking call returns.
  const end = performance.now() + 10_000;
  let left = under;
  while (performance.now() < end && left.length > 0) {
    left = left.filter((p) => existsSync(`/proc/${p}`));
    await new Promise((r) => setImmediate(r));
  }
  t.same(left, [], 'after SIGKILL every process of the run is gone within 10 s (holders with their tap0, captures, agents)');
});
