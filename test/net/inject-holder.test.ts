// Injection through the capture that holds a case's namespace (capture.c's "inject" command,
// inject.c's packet code shared through inject-packet.h): a real RST on a real connection, over
// IPv4 and IPv6; the holder's errors are inject.c's own words; the kept pcap holds no reply.
import { execa } from 'execa';
import t from 'tap';
import type { Test } from 'tap';
import { AgentProcess } from '../../harness/channel/agent-process.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import { PcapReader } from '../../harness/capture/pcap-reader.ts';
import { createHosts, type Hosts } from '../../harness/net/hosts.ts';
import { injectThroughHolder, prepareInject } from '../../harness/net/inject-binary.ts';
import type { RequestDraft } from '../../harness/protocol/messages.ts';
import cAdapter from '../../runtimes/c/adapter.ts';

const cacheDir = defaultCacheDir();
const capable = process.platform === 'linux' && process.getuid?.() === 0;
// Bounds on a segment the kernel already sent, and on the holder's answer.
const SEGMENT_MS = 2000;
const ANSWER_MS = 5000;
const endpoint = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

const setup = async () => {
  if (!capable) return { skip: 'needs root on Linux (a network namespace and CAP_NET_RAW)' };
  const capture = await prepareCapture(cacheDir);
  if (!capture.ok) return { skip: capture.reason };
  const c = await cAdapter.prepare({ cacheDir });
  if (!c.available) return { skip: c.reason };
  return { captureBinary: capture.binary, command: c.command() };
};
const env = await setup();

const hostsFor = async (t: Test, family: 'ipv4' | 'ipv6'): Promise<Hosts> => {
  if ('skip' in env) throw new Error(env.skip);
  const hosts = await createHosts('loopback', env.captureBinary, family);
  if ('unavailable' in hosts) throw new Error(hosts.reason);
  t.teardown(() => hosts.close());
  return hosts;
};

const value = async (agent: AgentProcess, request: RequestDraft): Promise<Record<string, unknown>> => {
  const answer = await agent.request(request, ANSWER_MS);
  if (!('reply' in answer) || !answer.reply.ok) throw new Error(`${request.op}: ${JSON.stringify(answer)}`);
  return answer.reply.value as Record<string, unknown>;
};

for (const family of ['ipv4', 'ipv6'] as const) {
  t.test(`${family}: a RST at RCV.NXT sent by the holder resets the connection; the kept pcap holds the RST and no reply record`, { skip: 'skip' in env && env.skip }, async (t) => {
    if ('skip' in env) return;
    const hosts = await hostsFor(t, family);
    const holder = hosts.server.holder;
    if (holder == null) return t.fail(`the loopback host has no holder: ${hosts.captureReason}`);
    const start = async (role: string) => {
      const started = await AgentProcess.start({ role, runtime: 'c', command: env.command, prefix: hosts.server.prefix });
      if ('trouble' in started) throw new Error(started.trouble.message);
      t.teardown(() => started.agent.end().then(() => {}));
      return started.agent;
    };
    const [server, client] = [await start('server'), await start('client')];
    const host = hosts.server.address;
    const { port } = await value(server, { op: 'listen', as: 'l', host, port: 0 });
    const { localPort } = await value(client, { op: 'connect', as: 'c', host, port: port as number });
    await value(server, { op: 'accept', sock: 'l', as: 's' });
    await value(server, { op: 'send', sock: 's', data: 'world' });
    await value(client, { op: 'recvAll', sock: 'c', bytes: 5 });
    const [serverEnd, clientEnd] = [endpoint(host, port as number), endpoint(host, localPort as number)];
    const data = await holder.waitFor((s) => s.src === serverEnd && s.len > 0, SEGMENT_MS);
    if (!('found' in data)) return t.fail("the server's data was not captured");
    const seq = (data.found.seq + data.found.len) >>> 0;
    t.same(await injectThroughHolder(holder, { src: serverEnd, dst: clientEnd, seq, ack: 0, flags: 'R' }), { ok: true }, 'the holder says it sent the RST');
    const rst = await holder.waitFor((s) => s.src === serverEnd && s.flags.join() === 'RST' && s.seq === seq, SEGMENT_MS);
    t.ok('found' in rst, 'the capture saw the injected RST');
    const recv = await client.request({ op: 'recv', sock: 'c', timeoutMs: 2000 }, ANSWER_MS);
    t.match('reply' in recv ? recv.reply : recv, { ok: false, error: { errno: 'ECONNRESET' } }, "the client's recv fails ECONNRESET");
    const stopped = await holder.stop();
    const records = new PcapReader().push(stopped.pcap);
    t.equal(records.length, stopped.segments.length, 'every record kept is a segment: the reply record is not in the pcap');
    t.notOk(records.some((r) => r.timeMs === 0), 'no record of time 0 (a marker or a reply) is kept');
  });
}

t.test("bad arguments: the holder answers inject.c's own words and goes on capturing (control: the CLI's stderr for the same arguments)", { skip: 'skip' in env && env.skip }, async (t) => {
  if ('skip' in env) return;
  const hosts = await hostsFor(t, 'ipv4');
  const holder = hosts.server.holder!;
  const inject = await prepareInject(cacheDir);
  if (!inject.ok) return t.fail(inject.reason);
  const bad = [['--src', '127.0.0.1:1', '--dst', '127.0.0.1:2', '--seq', '1', '--ack', '0', '--flags', 'RX'],
    ['--src', '[::1]:1', '--dst', '127.0.0.1:2', '--seq', '1', '--ack', '0', '--flags', 'R'],
    ['--src', '127.0.0.1:1', '--dst', '127.0.0.1:2', '--seq', '1', '--ack', '0']];
  for (const args of bad) {
    const cli = await execa(inject.binary, args, { reject: false });
    const words = String(cli.stderr).split('\n')[0];
    t.equal(await holder.command(`inject ${args.join(' ')}`, ANSWER_MS), `error: ${words}`, `inject ${args.join(' ')}: ${words}`);
  }
  t.equal(await holder.sync(ANSWER_MS), true, 'the capture still runs: it answers a sync');
  await holder.stop();
  t.equal(await holder.command('inject --src 127.0.0.1:1 --dst 127.0.0.1:2 --seq 1 --ack 0 --flags R', ANSWER_MS), null, 'a stopped holder answers nothing (the caller then spawns inject)');
  t.equal(await injectThroughHolder(holder, { src: '127.0.0.1:1', dst: '127.0.0.1:2', seq: 1, ack: 0, flags: 'R' }), null, 'and injectThroughHolder says so with null');
});
