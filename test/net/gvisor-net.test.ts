// The gvisor net: the server's agent answers from gVisor's netstack (its namespace's kernel holds no socket), the
// capture sees the segments, a restarted agent finds its address again, and nothing is left once closed.
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import t from 'tap';
import { execa } from 'execa';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import { agentPrefixOf, type Hosts } from '../../harness/net/hosts.ts';
import { netNamed } from '../../harness/net/nets/index.ts';
import type { Family } from '../../harness/case/family.ts';
import c from '../../runtimes/c/adapter.ts';

const gvisor = netNamed('gvisor')!;
const why = process.platform !== 'linux' ? 'needs Linux' : await gvisor.detect();

// What the namespace's own kernel lists as TCP sockets (ss), listeners included.
const kernelSockets = async (hosts: Hosts): Promise<string> => {
  const p = hosts.server.prefix;
  return String((await execa(p[0]!, [...p.slice(1), 'ss', '-Htan'])).stdout).trim();
};

const sandboxes = (): string[] => readdirSync(os.tmpdir()).filter((n) => n.startsWith('sockspec-gvisor-'));

for (const family of ['ipv4', 'ipv6'] as Family[]) {
  t.test(`gvisor over ${family}: the server's TCP is the sandbox's, the client's the kernel's`, { skip: why ?? false }, async (t) => {
    const cacheDir = defaultCacheDir();
    const [capture, runtime] = await Promise.all([prepareCapture(cacheDir), c.prepare({ cacheDir })]);
    if (!capture.ok || !runtime.available) return void t.plan(0, 'needs the capture and the C agent');
    const before = sandboxes();
    const hosts = await gvisor.createHosts({ topology: 'loopback', family, captureBinary: capture.binary });
    if ('unavailable' in hosts) return void t.fail(hosts.reason);
    t.teardown(() => hosts.close());
    t.not(hosts.server.prefix, hosts.client.prefix, 'two hosts even for a loopback case: the client is on the kernel');

    const start = (role: 'server' | 'client') => AgentProcess.start({ role, runtime: 'c', command: runtime.command(), prefix: agentPrefixOf(hosts, role), helloTimeoutMs: 10_000 });
    const [server, client] = await Promise.all([start('server'), start('client')]);
    if (!('agent' in server) || !('agent' in client)) return void t.fail(`agents did not start: ${JSON.stringify([server, client].map((s) => ('trouble' in s ? s.trouble : 'ok')))}`);
    t.equal(server.agent.hello?.pid, 1, "the server's agent is the sandbox's first process (its own pid namespace)");

    const listen = await server.agent.request({ op: 'listen', as: 'l', host: hosts.server.address, port: 0 }, 5000);
    const port = 'reply' in listen && listen.reply.ok ? Number(listen.reply.value.port) : 0;
    t.ok(port > 0, `the server listens at ${hosts.server.address}`);
    const connect = await client.agent.request({ op: 'connect', as: 'c', host: hosts.server.address, port, timeoutMs: 5000 }, 6000);
    t.ok('reply' in connect && connect.reply.ok, 'the kernel client reaches the sandbox');
    const accept = await server.agent.request({ op: 'accept', sock: 'l', as: 's', timeoutMs: 3000 }, 4000);
    t.ok('reply' in accept && accept.reply.ok, 'and the server accepts it');
    t.equal(await kernelSockets(hosts), '', "the server namespace's kernel has neither the listener nor the connection: they are gVisor's");

    const stopped = await hosts.capture!.stop();
    const flags = stopped.segments.map((s) => `${s.src.replace(/^\[/, '').startsWith(hosts.client.address) ? 'client' : 'server'} ${s.flags.join(',')}`);
    t.ok(flags.includes('client SYN') && flags.includes('server SYN,ACK'), `the capture sees both directions: ${flags.join('; ')}`);

    // The restart op starts the agent again: runsc took the address out of the namespace, the launcher puts it back.
    await server.agent.end();
    const again = await start('server');
    if (!('agent' in again)) return void t.fail('the server did not start again');
    const relisten = await again.agent.request({ op: 'listen', as: 'l', host: hosts.server.address, port: 0 }, 5000);
    t.ok('reply' in relisten && relisten.reply.ok, 'a restarted server listens at its address again');

    const holders = [hosts.server.pid, hosts.client.pid];
    await Promise.all([again.agent.end(), client.agent.end()]);
    await hosts.close();
    t.same(holders.filter((p) => existsSync(`/proc/${p}`)), [], 'both namespace holders are gone');
    t.same(sandboxes().filter((n) => !before.includes(n)), [], "the net's state directory is gone");
    const runsc = await execa('pgrep', ['-f', `sockspec-gvisor-`], { reject: false });
    t.equal(String(runsc.stdout).trim(), '', 'no runsc process of this net is left');
  });
}

// Negative control: the kernel net's hosts, the same steps: the namespace's kernel lists the listener.
t.test('control: on the kernel net the server namespace lists the listener', { skip: why ?? false }, async (t) => {
  const runtime = await c.prepare({ cacheDir: defaultCacheDir() });
  if (!runtime.available) return void t.plan(0, 'needs the C agent');
  const hosts = await netNamed('kernel')!.createHosts({ topology: 'two-hosts', family: 'ipv4', captureBinary: null });
  if ('unavailable' in hosts) return void t.fail(hosts.reason);
  t.teardown(() => hosts.close());
  const server = await AgentProcess.start({ role: 'server', runtime: 'c', command: runtime.command(), prefix: agentPrefixOf(hosts, 'server') });
  if (!('agent' in server)) return void t.fail('no agent');
  await server.agent.request({ op: 'listen', as: 'l', host: hosts.server.address, port: 0 }, 3000);
  t.match(await kernelSockets(hosts), /LISTEN/, 'the kernel holds the listener');
  t.not(server.agent.hello?.pid, 1);
  await server.agent.end();
});

// What the net cannot express is a skip naming why; a case it can run is not skipped (the control).
t.test("gvisor's skips: the server host's firewall, socket list and process; the client's stay", async (t) => {
  const { loadCaseFile } = await import('../../harness/case/load-cases.ts');
  const { netSkip } = await import('../../harness/engine/net-skip.ts');
  const load = async (id: string) => {
    const k = await loadCaseFile(`suites/${id}.ts`);
    if ('message' in k) throw new Error(k.message);
    return k;
  };
  const rt = (name: string) => ({ name, version: '', command: () => ({ file: '', args: [] }) as never });
  const skip = async (id: string) => netSkip({ net: 'gvisor', server: rt('c'), client: rt('c'), kase: await load(id), family: 'ipv4' });
  t.match(await skip('connect/syn-dropped'), /firewalls the server's host.*AF_PACKET/, "a firewall on the server's host");
  t.match(await skip('close/fin-wait2-timeout'), /kills or stops the server's process|lists the server's sockets/, "the server's process stopped");
  t.match(await skip('rst/time-wait-assassination'), /lists the server's sockets/, "a socket listing that names the server's side");
  t.match(await skip('rst/segment-for-dead-connection'), /kills or stops the server's process/, "the server's process killed");
  t.equal(await skip('connect/refused-closed-port'), null, 'a case without such a step runs');
  t.equal(await skip('rst/out-of-window-ignored'), null, "the client's counters and injection toward the client stay");
  t.equal(await skip('close/rst-keeps-received-data'), null, "the client's process stopped stays");
  // It raced the sandbox (lost 7 of 10 runs) until it waited for the RST it assumes (await with pace).
  t.equal(await skip('write/epipe-on-second-write'), null, 'a case that waits for the segment it assumes runs');
  t.equal(netSkip({ net: 'kernel', server: rt('c'), client: rt('c'), kase: await load('connect/syn-dropped'), family: 'ipv4' }), null, 'the kernel net skips none of them');
});
