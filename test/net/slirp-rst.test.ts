// The slirp4netns net's documented divergences rest on one fact: the server's RST ends libslirp's connection, not the client's, which
// sees libslirp's close of its socket (EOF, then a write that succeeds); on the kernel net (the control) the same steps meet the RST.
import t, { type Test } from 'tap';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import { agentPrefixOf, type Hosts } from '../../harness/net/hosts.ts';
import { netNamed } from '../../harness/net/nets/index.ts';
import c from '../../runtimes/c/adapter.ts';

const whyNot = process.platform !== 'linux' ? 'needs Linux' : await netNamed('slirp4netns')!.detect();
const prepared = await c.prepare({ cacheDir: defaultCacheDir() });
const runtime = prepared.available ? prepared : null;

/** The reply's value, or its error name. */
const said = (a: Awaited<ReturnType<AgentProcess['request']>>): string =>
  !('reply' in a) ? 'no reply' : a.reply.ok ? `ok ${JSON.stringify(a.reply.value)}` : String((a.reply as { error?: { name?: string } }).error?.name);

/** Connects through `net`, has the server abort (SO_LINGER 0: a RST), then what the client's read and next write get. */
const afterAbort = async (tt: Test, net: 'slirp4netns' | 'kernel'): Promise<{ read: string; write: string }> => {
  const hosts = await netNamed(net)!.createHosts({ topology: 'loopback', family: 'ipv4', captureBinary: null });
  if ('unavailable' in hosts) throw new Error(hosts.reason);
  tt.teardown(() => hosts.close());
  const start = (h: Hosts, role: 'server' | 'client') => AgentProcess.start({ role, runtime: 'c', command: runtime!.command(), prefix: agentPrefixOf(h, role) });
  const [server, client] = await Promise.all([start(hosts, 'server'), start(hosts, 'client')]);
  if (!('agent' in server) || !('agent' in client)) throw new Error('agents did not start');
  tt.teardown(() => Promise.all([server.agent.end(), client.agent.end()]));
  const listen = await server.agent.request({ op: 'listen', as: 'l', host: hosts.server.address, port: 0 }, 3000);
  const port = 'reply' in listen && listen.reply.ok ? Number(listen.reply.value.port) : 0;
  const to = hosts.reach === undefined ? { host: hosts.server.address, port } : await hosts.reach({ address: hosts.server.address, port });
  if ('problem' in to) throw new Error(to.problem);
  tt.match(said(await client.agent.request({ op: 'connect', as: 'c', host: to.host, port: to.port, timeoutMs: 2000 }, 3000)), /^ok/, 'the client connects');
  // The accept returns once the server's end exists (on slirp4netns: libslirp's handshake with it done), so the RST has a connection to end.
  tt.match(said(await server.agent.request({ op: 'accept', sock: 'l', as: 's', timeoutMs: 2000 }, 3000)), /^ok/, 'the server accepts');
  tt.match(said(await server.agent.request({ op: 'abort', sock: 's' }, 3000)), /^ok/, 'the server aborts: a RST');
  const read = said(await client.agent.request({ op: 'recv', sock: 'c', timeoutMs: 2000 }, 3000));
  const write = said(await client.agent.request({ op: 'send', sock: 'c', data: 'after', timeoutMs: 2000 }, 3000));
  return { read, write };
};

t.test('slirp4netns: the server\'s RST reaches the client as EOF, and its next write succeeds', { skip: whyNot ?? (runtime === null ? 'needs the C agent' : false) }, async (tt) => {
  const { read, write } = await afterAbort(tt, 'slirp4netns');
  tt.equal(read, 'ok {"eof":true}', 'the read sees EOF: libslirp closed its socket on the host (a FIN)');
  tt.match(write, /^ok/, 'the write succeeds: no RST reached the client');
});

t.test('control: on the kernel net the same steps meet the RST', { skip: runtime === null ? 'needs the C agent' : false }, async (tt) => {
  const { read, write } = await afterAbort(tt, 'kernel');
  tt.equal(read, 'ECONNRESET');
  tt.equal(write, 'EPIPE');
});
