import { existsSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { execa } from 'execa';
import t from 'tap';
import { createNamespace, nurseryOf, type Namespace } from '../../harness/net/namespace.ts';
import { listenIn } from '../helpers/listen-in.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';

const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'network namespaces need root on Linux' : false;

/** A namespace for one test, closed when the test ends. */
const namespace = async (t: { teardown(fn: () => Promise<void>): void }): Promise<Namespace> => {
  const ns = await createNamespace();
  if ('unavailable' in ns) throw new Error(`no namespace: ${ns.reason}`);
  t.teardown(() => ns.close());
  return ns;
};

/** Runs a command inside the namespace. */
const inside = (ns: Namespace, file: string, args: string[]) =>
  execa(ns.prefix[0]!, [...ns.prefix.slice(1), file, ...args], { reject: false });

/** What a connection from this (the host's) namespace to 127.0.0.1:port gets: its first bytes, or its error code. */
const connectFromHost = (port: number): Promise<string> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (c) => { data += String(c); });
    socket.on('end', () => resolve(`data ${data}`));
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    // Only if some unrelated host service owns the same port number and stays silent.
    socket.setTimeout(2000, () => { socket.destroy(); resolve('silent'); });
  });

t.test('a case namespace has a small TCP ehash of its own, and the settings derived from its size as a namespace made here has them', { skip }, async (t) => {
  const parent = await nurseryOf();
  if (parent === null) return t.fail('no nursery namespace as root');
  const child = await execa('nsenter', [`--net=${parent.path}`, '--', 'sysctl', '-n', 'net.ipv4.tcp_child_ehash_entries']);
  t.equal(child.stdout.trim(), '256', 'namespaces made inside the nursery get 256 buckets (tcp_set_hashinfo)');
  // What a namespace made straight from ours has (the global ehash's derived values), not 128 and 128 (from 256 buckets).
  const plain = await execa('unshare', ['--net', '--', 'sysctl', '-n', 'net.ipv4.tcp_max_tw_buckets', 'net.ipv4.tcp_max_syn_backlog']);
  const capture = await prepareCapture(defaultCacheDir());
  if (!capture.ok) throw new Error(capture.reason);
  for (const ns of [await namespace(t), await createNamespace({ capture: { binary: capture.binary, iface: 'lo' } })]) {
    if ('unavailable' in ns) return t.fail(ns.reason);
    if (ns.capture !== null) t.teardown(() => ns.close());
    const derived = await inside(ns, 'sysctl', ['-n', 'net.ipv4.tcp_max_tw_buckets', 'net.ipv4.tcp_max_syn_backlog']);
    t.equal(derived.stdout, plain.stdout, `restored ${ns.capture === null ? 'by sysctl(8)' : 'through the capture'}: ${derived.stdout.replace(/\n/g, ' ')}`);
  }
});

t.test('a fresh namespace has only lo, and lo is up', { skip }, async (t) => {
  const ns = await namespace(t);
  t.not(readlinkSync(`/proc/${ns.holderPid}/ns/net`), readlinkSync('/proc/self/ns/net'), 'a different network namespace from ours');
  const ip = await inside(ns, 'ip', ['addr']);
  t.equal(ip.exitCode, 0, String(ip.stderr));
  const links = [...String(ip.stdout).matchAll(/^\d+: ([^:@]+)[^:]*: <([^>]*)>/gm)].map((m) => [m[1], m[2]]);
  t.equal(links.length, 1, `one interface (ip addr: ${String(ip.stdout)})`);
  t.equal(links[0]?.[0], 'lo');
  t.ok(links[0]?.[1]?.split(',').includes('UP'), `lo is UP (${links[0]?.[1]})`);
  t.match(String(ip.stdout), /inet 127\.0\.0\.1\/8/, 'with its loopback address');
});

t.test('a listener on 127.0.0.1 inside is reachable inside and not from the host', { skip }, async (t) => {
  const ns = await namespace(t);
  const listener = await listenIn(ns.prefix, 'inside-the-namespace');
  t.teardown(() => listener.stop());
  const client = await inside(ns, process.execPath, ['-e',
    `require('node:net').connect(${listener.port}, '127.0.0.1').on('data', (d) => process.stdout.write(d))`]);
  t.equal(String(client.stdout), 'inside-the-namespace', 'a client in the same namespace reaches it');
  const fromHost = await connectFromHost(listener.port);
  t.not(fromHost, 'data inside-the-namespace', `the host does not reach it (the host's connect got ${fromHost})`);
});

t.test('close() ends the holder process, and with it the namespace', { skip }, async (t) => {
  const made = await createNamespace();
  if ('unavailable' in made) throw new Error(made.reason);
  const pid = made.holderPid;
  t.ok(existsSync(`/proc/${pid}`), 'the holder runs while the namespace is open');
  // close() resolves once the holder has exited and been reaped: no delay needed before looking.
  await made.close();
  t.notOk(existsSync(`/proc/${pid}`), `/proc/${pid} is gone`);
  const after = await execa('nsenter', [`--net=/proc/${pid}/ns/net`, '--', 'true'], { reject: false });
  t.not(after.exitCode, 0, 'the namespace can no longer be entered through the holder');
});

t.test('held by its capture: one process makes the namespace, brings lo up and captures; close ends it', { skip }, async (t) => {
  const capture = await prepareCapture(defaultCacheDir());
  if (!capture.ok) throw new Error(capture.reason);
  const made = await createNamespace({ capture: { binary: capture.binary, iface: 'lo' } });
  if ('unavailable' in made) throw new Error(made.reason);
  t.teardown(() => made.close());
  t.not(made.capture, null, `a capture holds it (${made.captureReason ?? ''})`);
  t.not(readlinkSync(`/proc/${made.holderPid}/ns/net`), readlinkSync('/proc/self/ns/net'), 'a namespace of its own');
  t.match(String((await inside(made, 'ip', ['-br', 'link'])).stdout), /^lo\s+UNKNOWN/m, 'lo is up (a loopback reports UNKNOWN once up)');
  const listener = await listenIn(made.prefix, 'x');
  t.teardown(() => listener.stop());
  await inside(made, process.execPath, ['-e', `require('node:net').connect(${listener.port}, '127.0.0.1').on('data', () => process.exit(0))`]);
  const stopped = await made.capture!.stop();
  t.equal(stopped.how, 'exited', 'stopped cleanly');
  t.ok(stopped.segments.some((s) => s.flags.includes('SYN') && s.dst.endsWith(`:${listener.port}`)), 'it saw the SYN to the listener');
  t.ok(existsSync(`/proc/${made.holderPid}`), 'after stop it still holds the namespace (its exit is not waited for)');
  await made.close();
  t.notOk(existsSync(`/proc/${made.holderPid}`), 'close() ends it');
});
