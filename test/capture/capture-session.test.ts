import t from 'tap';
import type { Test } from 'tap';
import { execa } from 'execa';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import { prepareCapture } from '../../harness/capture/capture-binary.ts';
import { startCapture } from '../../harness/capture/capture-session.ts';
import type { CaptureSession } from '../../harness/capture/capture-session.ts';
import type { RawSegment } from '../../harness/capture/decode-segment.ts';
import { labelSegments } from '../../harness/capture/label-segments.ts';
import { formatSegments } from '../../harness/result/format-segment.ts';
import { createNamespace } from '../../harness/net/namespace.ts';

const SERVER_PORT = 5000;
const CLOSED_PORT = 5001;

const SERVER = `
const s = require('node:net').createServer((c) => { c.resume(); c.on('end', () => c.end()); });
s.listen(${SERVER_PORT}, '127.0.0.1', () => console.log('listening'));
process.stdin.on('end', () => process.exit(0)); process.stdin.resume();`;

/** Connects, sends "hello" and a FIN, exits once both sides have closed. */
const CLIENT = `
const c = require('node:net').connect(Number(process.argv[1]), '127.0.0.1', () => c.end('hello'));
c.resume(); c.on('close', () => process.exit(0)); c.on('error', (e) => { console.log(e.code); process.exit(0); });`;

/** Connects to a closed port N times in a row; prints each error code once. */
const REFUSED = `
const net = require('node:net'); const codes = new Set(); let left = Number(process.argv[2]);
const next = () => { if (left-- === 0) return console.log([...codes].join(',')); const c = net.connect(Number(process.argv[1]), '127.0.0.1');
  c.on('error', (e) => { codes.add(e.code); next(); }); c.on('connect', () => process.exit(1)); };
next();`;

const has = (flags: string[]) => (s: RawSegment) => s.flags.join(',') === flags.join(',');

const setup = async () => {
  if (process.getuid?.() !== 0) return { skip: 'needs root (a network namespace and CAP_NET_RAW)' };
  const prepared = await prepareCapture(defaultCacheDir());
  if (!prepared.ok) return { skip: prepared.reason };
  const ns = await createNamespace();
  if ('unavailable' in ns) return { skip: ns.reason };
  return { binary: prepared.binary, ns };
};

const env = await setup();
if ('skip' in env) {
  t.pass('capture session', { skip: env.skip });
} else {
  const { binary, ns } = env;
  t.teardown(() => ns.close());
  const node = (script: string, ...args: string[]) =>
    execa(ns.prefix[0]!, [...ns.prefix.slice(1), process.execPath, '-e', script, ...args], { reject: false });
  const capture = async (tt: Test): Promise<CaptureSession> => {
    const session = await startCapture({ binary, prefix: ns.prefix });
    if ('unavailable' in session) throw new Error(session.reason);
    tt.comment(`capture ready after ${session.readyMs.toFixed(1)} ms`);
    return session;
  };

  t.test('a handshake: SYN, SYN+ACK and ACK each seen exactly once', async (t) => {
    const server = execa(ns.prefix[0]!, [...ns.prefix.slice(1), process.execPath, '-e', SERVER], { stdin: 'pipe', reject: false });
    t.teardown(() => { server.stdin.end(); return server; });
    const session = await capture(t);
    // The client must not connect before the server listens: wait for its "listening" line.
    await new Promise((resolve) => server.stdout.once('data', resolve));
    const client = await node(CLIENT, String(SERVER_PORT));
    t.equal(client.stdout, '', 'the client saw no error');
    const stopped = await session.stop();
    const segments = labelSegments(stopped.segments, [SERVER_PORT]);
    t.comment(formatSegments(segments).join('\n'));
    t.equal(segments.filter((s) => s.from === 'client' && has(['SYN'])(s)).length, 1, 'one SYN');
    t.equal(segments.filter((s) => s.from === 'server' && has(['SYN', 'ACK'])(s)).length, 1, 'one SYN+ACK');
    const handshakeAck = segments.filter((s) => s.from === 'client' && has(['ACK'])(s) && s.relSeq === 1 && s.relAck === 1 && s.len === 0);
    t.equal(handshakeAck.length, 1, 'one handshake ACK');
    t.equal(segments.filter((s) => s.len === 5).length, 1, 'the 5 data bytes once');
    t.equal(segments.filter((s) => s.flags.includes('FIN')).length, 2, 'a FIN each way');
    t.equal(stopped.how, 'exited');
    t.equal(stopped.dropped, 0);
    t.equal(stopped.pcap.readUInt32LE(0), 0xa1b2c3d4, 'the pcap keeps its header');
  });

  t.test('closed port: SYN, then RST+ACK with seq 0 and ack = ISN+1; waitFor wakes on the RST', async (t) => {
    const session = await capture(t);
    const isRst = (s: RawSegment) => s.flags.includes('RST');
    // Registered before the connect, so it can only be woken by the segment arriving.
    const waiting = session.waitFor(isRst, 5000);
    const client = node(CLIENT, String(CLOSED_PORT));
    const rst = await waiting;
    const resolvedAt = Date.now();
    t.equal((await client).stdout, 'ECONNREFUSED');
    if (!('found' in rst)) return t.fail('no RST captured', { seen: rst.seen });
    t.comment(`waitFor resolved ${(resolvedAt - rst.found.time).toFixed(1)} ms after the kernel queued the RST`);
    t.same(rst.found.flags, ['RST', 'ACK']);
    t.same(await session.waitFor(isRst, 5000), rst, 'a segment already seen resolves at once');
    const nothing = await session.waitFor(has(['FIN']), 50);
    t.match(nothing, { timedOut: true, captureEnded: false }, 'a timeout is data');
    if ('seen' in nothing) t.equal(nothing.seen.length, 2, 'and lists what did arrive');
    const stopped = await session.stop();
    const [syn, reset, ...rest] = labelSegments(stopped.segments, [CLOSED_PORT]);
    t.match(syn, { from: 'client', flags: ['SYN'] });
    t.match(reset, { from: 'server', flags: ['RST', 'ACK'], seq: 0, ack: ((syn?.seq ?? 0) + 1) % 2 ** 32, relSeq: 0, relAck: 1 });
    t.same(rest, [], 'nothing after the RST');
  });

  t.test('stop drains everything queued: a burst of refused connects, stopped as soon as it ends', async (t) => {
    const attempts = 500;
    const session = await capture(t);
    const client = await node(REFUSED, String(CLOSED_PORT), String(attempts));
    t.equal(client.stdout, 'ECONNREFUSED');
    const stopped = await session.stop();
    t.equal(stopped.segments.filter(has(['SYN'])).length, attempts, 'every SYN');
    t.equal(stopped.segments.filter(has(['RST', 'ACK'])).length, attempts, 'every RST');
    t.equal(stopped.dropped, 0, 'the kernel dropped nothing');
  });

  t.test('sync: everything sent before it is read, without stopping; the kept pcap holds no marker', async (t) => {
    const attempts = 200;
    const session = await capture(t);
    const client = await node(REFUSED, String(CLOSED_PORT), String(attempts));
    t.equal(client.stdout, 'ECONNREFUSED');
    t.equal(await session.sync(5000), true, 'synced');
    t.equal(session.segments().filter(has(['RST', 'ACK'])).length, attempts, 'every RST already read, before any stop');
    t.equal(await session.sync(5000), true, 'a second sync, with nothing new');
    const stopped = await session.stop();
    t.equal(stopped.segments.length, attempts * 2, 'markers are not segments');
    const { PcapReader } = await import('../../harness/capture/pcap-reader.ts');
    const records = new PcapReader().push(stopped.pcap);
    t.equal(records.length, attempts * 2, 'the kept pcap: one record per packet, no marker');
    t.ok(records.every((r) => r.origLen > 0), 'no zero-length record');
    t.equal(await session.sync(100), false, 'a sync after stop says so');
  });

  t.test('a capture killed under us: waiters learn at once, stop says crashed', async (t) => {
    const session = await capture(t);
    const waiting = session.waitFor(has(['FIN']), 10_000);
    process.kill(session.pid!, 'SIGKILL');
    t.match(await waiting, { timedOut: true, captureEnded: true });
    const stopped = await session.stop();
    t.equal(stopped.how, 'crashed');
    t.same(stopped.segments, []);
  });

  t.test('stop is idempotent', async (t) => {
    const session = await capture(t);
    const [a, b] = await Promise.all([session.stop(), session.stop()]);
    t.equal(a, b);
    t.equal(a.how, 'exited');
  });

  t.test('without CAP_NET_RAW the capture is unavailable, with the reason', async (t) => {
    const prefix = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--'];
    const outcome = await startCapture({ binary, prefix });
    t.match(outcome, { unavailable: true, reason: /^capture: socket\(AF_PACKET\): Operation not permitted \(needs CAP_NET_RAW\)$/ });
  });
}
