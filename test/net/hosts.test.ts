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

t.test('two-hosts over IPv6: 2001:db8::1 and ::2, usable at once (nodad), kept across the link op going down and up', { skip: !capable && 'needs Linux and root' }, async (t) => {
  const cacheDir = defaultCacheDir();
  const runtime = await c.prepare({ cacheDir });
  if (!runtime.available) return void t.plan(0, `needs the C agent: ${runtime.reason}`);
  const hosts = await createHosts('two-hosts', null, 'ipv6');
  if ('unavailable' in hosts) return t.fail(hosts.reason);
  t.teardown(() => hosts.close());
  t.equal(hosts.server.address, '2001:db8::1');
  t.equal(hosts.client.address, '2001:db8::2');
  const addr6 = async (prefix: string[], iface: string) => String((await execa(prefix[0]!, [...prefix.slice(1), 'ip', '-6', 'addr', 'show', 'dev', iface])).stdout);
  const line = (text: string, address: string): string => text.split('\n').find((l) => l.includes(`inet6 ${address}/64`)) ?? '';
  t.match(line(await addr6(hosts.server.prefix, 'sv0'), '2001:db8::1'), /nodad/, 'the server has 2001:db8::1/64, without DAD');
  t.notMatch(line(await addr6(hosts.server.prefix, 'sv0'), '2001:db8::1'), /tentative/, 'and it is not tentative');
  t.match(line(await addr6(hosts.client.prefix, 'cl0'), '2001:db8::2'), /nodad/, 'the client has 2001:db8::2/64');
  t.equal((await execa(hosts.server.prefix[0]!, [...hosts.server.prefix.slice(1), 'ip', '-4', 'addr', 'show', 'dev', 'sv0'])).stdout, '', 'no IPv4 address: the family is the only way');

  // The link op's down and up (setLinkState): the addresses stay (keep_addr_on_down), the wait covers them.
  const { setLinkState } = await import('../../harness/net/link-state.ts');
  t.equal(await setLinkState(hosts.client, 'down'), null);
  t.equal(await setLinkState(hosts.client, 'up'), null, 'up waits for the link and the address');
  t.match(line(await addr6(hosts.client.prefix, 'cl0'), '2001:db8::2'), /inet6 2001:db8::2\/64/, 'the client kept its address across down and up');

  const start = (role: string, prefix: string[]) => AgentProcess.start({ role, runtime: 'c', command: runtime.command(), prefix });
  const [server, client] = await Promise.all([start('server', hosts.server.prefix), start('client', hosts.client.prefix)]);
  if (!('agent' in server) || !('agent' in client)) return t.fail('agents did not start');
  t.teardown(() => Promise.all([server.agent.end(), client.agent.end()]));
  const listen = await server.agent.request({ op: 'listen', as: 'l', host: hosts.server.address, port: 0 }, 3000);
  const port = 'reply' in listen && listen.reply.ok ? Number(listen.reply.value.port) : 0;
  // The first SYN, right after the hosts were made and the link came back: no DAD window loses it.
  const connect = await client.agent.request({ op: 'connect', as: 'c', host: hosts.server.address, port, timeoutMs: 900 }, 2000);
  t.ok('reply' in connect && connect.reply.ok && Number(connect.reply.t?.ms ?? 0) < 900, `the client reaches the server across the veth on its first SYN (${JSON.stringify('reply' in connect ? connect.reply : connect)})`);
});

t.test('the negative control: an IPv6 address added without nodad is tentative at first, which the wait for the link reports', { skip: !capable && 'needs Linux and root' }, async (t) => {
  const hosts = await createHosts('two-hosts', null, 'ipv4');
  if ('unavailable' in hosts) return t.fail(hosts.reason);
  t.teardown(() => hosts.close());
  const ip = (prefix: string[], ...args: string[]) => execa(prefix[0]!, [...prefix.slice(1), 'ip', ...args], { reject: false });
  await ip(hosts.server.prefix, 'addr', 'add', '2001:db8:9::1/64', 'dev', 'sv0');
  const tentative = String((await ip(hosts.server.prefix, '-6', 'addr', 'show', 'dev', 'sv0')).stdout);
  t.match(tentative, /inet6 2001:db8:9::1\/64 scope global tentative/, 'with DAD the address starts tentative');
  const { awaitUp } = await import('../../harness/net/hosts.ts');
  const seen = await awaitUp(hosts.server.prefix, 'sv0', '2001:db8:9::1');
  // DAD (~1 s here) finishes within the 2 s bound or not: the wait returns only once the address is usable, or says why not.
  t.ok(seen === null || /2001:db8:9::1 usable/.test(seen), `the wait covers the address (${seen ?? 'usable in time'})`);
  if (seen === null) t.notMatch(String((await ip(hosts.server.prefix, '-6', 'addr', 'show', 'dev', 'sv0')).stdout), /2001:db8:9::1\/64 scope global tentative/, 'it returned only after DAD ended');
});
