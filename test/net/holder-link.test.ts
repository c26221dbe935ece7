// The capture holding a namespace sets up its links (capture.c's veth, up, wait, down and sysctl
// commands over rtnetlink, harness/net/holder-link.h): two hosts made so pass traffic on the first
// SYN over IPv4 and IPv6, the link op's down and up keep the addresses, sysctls land in the
// namespace; the wait reports a link that stays down, and an address the link lacks.
import { execa } from 'execa';
import t from 'tap';
import type { Test } from 'tap';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import { createHosts, type Hosts } from '../../harness/net/hosts.ts';
import { holderDo } from '../../harness/net/holder-command.ts';
import { setLinkState } from '../../harness/net/link-state.ts';
import { applySysctls } from '../../harness/net/sysctls.ts';
import cAdapter from '../../runtimes/c/adapter.ts';

const cacheDir = defaultCacheDir();
const capable = process.platform === 'linux' && process.getuid?.() === 0;
const setup = async () => {
  if (!capable) return { skip: 'needs root on Linux (network namespaces)' };
  const capture = await prepareCapture(cacheDir);
  if (!capture.ok) return { skip: capture.reason };
  const c = await cAdapter.prepare({ cacheDir });
  if (!c.available) return { skip: c.reason };
  return { captureBinary: capture.binary, command: c.command() };
};
const env = await setup();
const skip = 'skip' in env ? env.skip : false;

const twoHosts = async (t: Test, family: 'ipv4' | 'ipv6'): Promise<Hosts> => {
  if ('skip' in env) throw new Error(env.skip);
  const hosts = await createHosts('two-hosts', env.captureBinary, family);
  if ('unavailable' in hosts) throw new Error(hosts.reason);
  t.teardown(() => hosts.close());
  return hosts;
};
const inNs = async (prefix: string[], ...command: string[]): Promise<string> =>
  String((await execa(prefix[0]!, [...prefix.slice(1), ...command], { reject: false })).stdout);

for (const family of ['ipv4', 'ipv6'] as const) {
  t.test(`${family}: two hosts joined by the holders: addresses, links UP, the first SYN gets through; the link op's down and up keep the address`, { skip }, async (t) => {
    if ('skip' in env) return;
    const hosts = await twoHosts(t, family);
    t.ok(hosts.server.holder != null && hosts.client.holder != null, 'both namespaces are held by a capture');
    const v = family === 'ipv6' ? '-6' : '-4';
    for (const host of [hosts.server, hosts.client]) {
      const shown = await inNs(host.prefix, 'ip', v, 'addr', 'show', 'dev', host.iface);
      t.match(shown, new RegExp(`state UP`), `${host.iface} is UP`);
      const line = shown.split('\n').find((l) => l.includes(` ${host.address}/`)) ?? '';
      t.match(line, family === 'ipv6' ? /\/64 scope global nodad/ : /\/24 scope global/, `${host.iface} has ${host.address}`);
      t.notMatch(line, /tentative/, 'not tentative');
      if (family === 'ipv6') t.match(await inNs(host.prefix, 'sysctl', 'net.ipv6.conf.all.keep_addr_on_down'), /= 1$/, 'keep_addr_on_down is 1');
    }
    t.equal(await setLinkState(hosts.client, 'down'), null, 'the link op takes cl0 down');
    t.match(await inNs(hosts.client.prefix, 'ip', 'link', 'show', 'dev', 'cl0'), /state DOWN/, 'cl0 is down');
    t.equal(await setLinkState(hosts.client, 'up'), null, 'and up, waiting for it');
    t.match(await inNs(hosts.client.prefix, 'ip', v, 'addr', 'show', 'dev', 'cl0'), new RegExp(`inet6? ${hosts.client.address}/`), 'cl0 kept its address');

    const start = (role: string, prefix: string[]) => AgentProcess.start({ role, runtime: 'c', command: env.command, prefix });
    const [server, client] = await Promise.all([start('server', hosts.server.prefix), start('client', hosts.client.prefix)]);
    if (!('agent' in server) || !('agent' in client)) return t.fail('agents did not start');
    t.teardown(() => Promise.all([server.agent.end(), client.agent.end()]));
    const listen = await server.agent.request({ op: 'listen', as: 'l', host: hosts.server.address, port: 0 }, 3000);
    const port = 'reply' in listen && listen.reply.ok ? Number(listen.reply.value.port) : 0;
    // A lost first SYN is retransmitted after 1 s: connecting within 900 ms means the first got through.
    const connect = await client.agent.request({ op: 'connect', as: 'c', host: hosts.server.address, port, timeoutMs: 900 }, 2000);
    t.ok('reply' in connect && connect.reply.ok, `the client reaches the server on its first SYN (${JSON.stringify('reply' in connect ? connect.reply : connect)})`);
  });
}

t.test('sysctls through the holders land in both namespaces; an unknown key is data', { skip }, async (t) => {
  if ('skip' in env) return;
  const hosts = await twoHosts(t, 'ipv4');
  t.equal(await applySysctls(hosts, { 'net.ipv4.tcp_syn_retries': 2, 'net.ipv4.tcp_fin_timeout': 7 }), null);
  for (const host of [hosts.server, hosts.client]) {
    t.match(await inNs(host.prefix, 'sysctl', 'net.ipv4.tcp_syn_retries', 'net.ipv4.tcp_fin_timeout'), /tcp_syn_retries = 2\n.*tcp_fin_timeout = 7/, `${host.iface}'s namespace has both`);
  }
  t.match(await applySysctls(hosts, { 'net.ipv4.no_such_key': 1 }), /cannot set net\.ipv4\.no_such_key=1 in the case's namespace: sysctl net\.ipv4\.no_such_key: No such file or directory/);
});

t.test('the wait is a real one (controls): a link left down is reported after its bound, an address the link lacks too; unknown commands are errors', { skip }, async (t) => {
  if ('skip' in env) return;
  const hosts = await twoHosts(t, 'ipv4');
  const holder = hosts.client.holder!;
  t.equal(await holderDo(holder, `wait cl0 ${hosts.client.address}`), null, 'cl0 with its address: ok at once');
  t.equal(await holderDo(holder, 'down cl0'), null);
  t.equal(await holderDo(holder, 'wait cl0'), 'cl0 did not come up within 2000 ms', 'down: the wait runs out and says so');
  t.equal(await holderDo(holder, 'up cl0'), null);
  t.equal(await holderDo(holder, 'wait cl0 192.0.2.99'), 'cl0 did not come up with its address usable within 2000 ms', 'an address it does not have: the same');
  t.equal(await holderDo(holder, 'wait nope0'), 'no such interface: nope0');
  t.equal(await holderDo(holder, 'frobnicate cl0'), 'unknown command: frobnicate');
  t.match(await holderDo(holder, 'veth cl0 x0 999999'), /^ip link add cl0 type veth peer name x0 netns 999999: \S/, 'a failed veth names the command and the reason')
});
