import net from 'node:net';
import t from 'tap';
import { execa } from 'execa';
import { listSockets, parseProcNetTcp } from '../../harness/net/list-sockets.ts';
import { createNamespace } from '../../harness/net/namespace.ts';
import { listenIn } from '../helpers/listen-in.ts';

// /proc/net/tcp and tcp6 as Linux 6.x writes them (columns after the state trimmed).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:8DBB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1514 1
   1: 0100007F:AE52 0100007F:8DBB 01 00000000:00000000 00:00000000 00000000     0        0 1515 1
   2: 0100007F:A405 0100007F:8CE2 06 00000000:00000000 03:00000F9F 00000000     0        0 0 3
   3: 0100007F:8DBB 0100007F:AE54 0C 00000000:00000000 02:00000000 00000000     0        0 0 2
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:A625 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
   1: 00000000000000000000000001000000:E332 00000000000000000000000001000000:A625 01 00000000:00000000 00:00000000 00000000     0        0 2 1
   2: 0000000000000000FFFF00000100007F:0050 0000000000000000FFFF00000200007F:C000 08 00000000:00000000 00:00000000 00000000     0        0 3 1
`;

t.test('parseProcNetTcp reads state, addresses and ports in ss\'s words', async (t) => {
  const v4 = parseProcNetTcp(TCP);
  t.same(v4[0], { state: 'LISTEN', local: '127.0.0.1:36283', peer: '0.0.0.0:*', localPort: 36283, peerPort: 0 });
  t.same(v4[1], { state: 'ESTAB', local: '127.0.0.1:44626', peer: '127.0.0.1:36283', localPort: 44626, peerPort: 36283 });
  t.same(v4.map((s) => s.state), ['LISTEN', 'ESTAB', 'TIME-WAIT', 'SYN-RECV'], 'TIME_WAIT and a request socket (NEW_SYN_RECV) as ss names them');
  const v6 = parseProcNetTcp(TCP6);
  t.same(v6.map((s) => `${s.state} ${s.local} ${s.peer}`), [
    'LISTEN [::1]:42533 [::]:*',
    'ESTAB [::1]:58162 [::1]:42533',
    'CLOSE-WAIT [::ffff:127.0.0.1]:80 [::ffff:127.0.0.2]:49152',
  ], 'IPv6 in brackets, zero runs shortened');
  t.same(parseProcNetTcp(''), [], 'nothing is nothing');
});

t.test('parseProcNetTcp names each armed timer as ss -o does', async (t) => {
  const v4 = parseProcNetTcp(TCP);
  t.equal(v4[1]!.timer, undefined, 'no timer armed: none named');
  t.equal(v4[2]!.timer, 'timewait,39.99s', 'TIME-WAIT: its timer in seconds (clock ticks / 100)');
  const keep = parseProcNetTcp(TCP.replace('01 00000000:00000000 00:00000000', '01 00000000:00000000 02:000005DB'));
  t.equal(keep[1]!.timer, 'keepalive,14.99s', 'a keep-alive timer (Go\'s default 15 s idle, just armed)');
});

t.test('listSockets of a process that is gone says why', async (t) => {
  const r = await listSockets([1], 2 ** 22 + 1);
  t.match(r, { ok: false, reason: /cannot read the TCP table of pid 4194305's namespace: ENOENT/ });
});

const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'network namespaces need root on Linux' : false;

t.test('listSockets inside a namespace sees a listener started there, and only sockets on the given ports', { skip }, async (t) => {
  const ns = await createNamespace();
  if ('unavailable' in ns) throw new Error(ns.reason);
  t.teardown(() => ns.close());
  const listener = await listenIn(ns.prefix, 'x');
  t.teardown(() => listener.stop());

  const seen = await listSockets([listener.port], ns.holderPid);
  t.match(seen, { ok: true, sockets: [{ state: 'LISTEN', local: `127.0.0.1:${listener.port}`, peer: '0.0.0.0:*', localPort: listener.port }] });
  t.equal(seen.ok && seen.sockets.length, 1, 'just the listener');
  const other = await listSockets([listener.port + 1 > 65535 ? 1 : listener.port + 1], ns.holderPid);
  t.same(other, { ok: true, sockets: [] }, 'a port nobody uses in the namespace: nothing');
});

t.test('it agrees with ss on live sockets: a listener, a connection, TIME-WAIT', { skip }, async (t) => {
  const server = net.createServer((c) => c.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  // The server closes first, so its side of each connection ends in TIME-WAIT.
  await new Promise<void>((resolve) => net.connect(port, '127.0.0.1').on('end', function (this: net.Socket) { this.end(); }).on('close', () => resolve()).resume());
  const open = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => open.on('connect', resolve));
  t.teardown(() => open.destroy());
  const ours = await listSockets([port]);
  const ss = await execa('ss', ['-tanH', `( sport = :${port} or dport = :${port} )`], { reject: false });
  t.equal(ss.exitCode, 0, `ss runs (${String(ss.stderr)})`);
  const theirs = String(ss.stdout).split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 5).map((f) => `${f[0]} ${f[3]} ${f[4]}`);
  t.ok(ours.ok, 'read');
  if (!ours.ok) return;
  t.same(ours.sockets.map((s) => `${s.state} ${s.local} ${s.peer}`).sort(), theirs.sort(), `the same sockets, in the same words (ss: ${theirs.join('; ')})`);
  t.ok(ours.sockets.some((s) => s.state === 'TIME-WAIT'), 'including one in TIME-WAIT');
});
