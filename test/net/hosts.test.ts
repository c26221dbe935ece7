// Two hosts joined by a veth pair: addresses, reachability, a capture that sees both directions
// and survives the link going down and up, and nothing left once closed.
import { existsSync } from 'node:fs';
import t from 'tap';
import { execa } from 'execa';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import { createHosts } from '../../harness/net/hosts.ts';
import c from '../../runtimes/c/adapter.ts';

const capable = process.platform === 'linux' && process.getuid?.() === 0;

t.test('two-hosts topology', { skip: !capable && 'needs Linux and root' }, async (t) => {
  const cacheDir = defaultCacheDir();
  const [capture, runtime] = await Promise.all([prepareCapture(cacheDir), c.prepare({ cacheDir })]);
  if (!capture.ok || !runtime.available) {
    t.plan(0, `needs the capture and the C agent: ${capture.ok ? '' : capture.reason} ${runtime.available ? '' : runtime.reason}`);
    return;
  }
  const hosts = await createHosts('two-hosts', capture.binary);
  if ('unavailable' in hosts) return t.fail(hosts.reason);
  t.teardown(() => hosts.close());

  const addr = async (prefix: string[]) => String((await execa(prefix[0]!, [...prefix.slice(1), 'ip', '-br', 'addr'])).stdout);
  t.match(await addr(hosts.server.prefix), /sv0@\S+\s+UP\s+192\.0\.2\.1\/24/, 'the server has 192.0.2.1 on sv0');
  t.match(await addr(hosts.client.prefix), /cl0@\S+\s+UP\s+192\.0\.2\.2\/24/, 'the client has 192.0.2.2 on cl0');

  // The server's namespace is held by a capture of all its interfaces, started before the veth existed.
  const session = hosts.capture;
  if (session === null) return t.fail(hosts.captureReason ?? 'no capture');
  const link = (state: string) => execa(hosts.server.prefix[0]!, [...hosts.server.prefix.slice(1), 'ip', 'link', 'set', 'sv0', state]);
  await link('down');
  await link('up');

  const start = (role: string, prefix: string[]) => AgentProcess.start({ role, runtime: 'c', command: runtime.command(), prefix });
  const [server, client] = await Promise.all([start('server', hosts.server.prefix), start('client', hosts.client.prefix)]);
  if (!('agent' in server) || !('agent' in client)) return t.fail('agents did not start');
  const listen = await server.agent.request({ op: 'listen', as: 'l', host: hosts.server.address, port: 0 }, 3000);
  const port = 'reply' in listen && listen.reply.ok ? Number(listen.reply.value.port) : 0;
  // The link was just raised again: createHosts and the link step wait until it is UP, but this test drives it by hand.
  const connect = await client.agent.request({ op: 'connect', as: 'c', host: hosts.server.address, port, timeoutMs: 5000 }, 6000);
  t.ok('reply' in connect && connect.reply.ok, 'the client reaches the server across the veth');
  await server.agent.request({ op: 'accept', sock: 'l', as: 's', timeoutMs: 2000 }, 3000);

  const stopped = await session.stop();
  t.equal(stopped.how, 'exited', 'the capture survived the link going down and up');
  const flags = stopped.segments.map((s) => `${s.src.startsWith('192.0.2.2') ? 'client' : 'server'} ${s.flags.join(',')}`);
  t.ok(flags.includes('client SYN') && flags.includes('server SYN,ACK'), `both directions are captured: ${flags.join('; ')}`);

  const pids = [hosts.server.pid, hosts.client.pid];
  await Promise.all([server.agent.end(), client.agent.end()]);
  await hosts.close();
  t.same(pids.filter((p) => existsSync(`/proc/${p}`)), [], 'both namespace holders are gone');
});
