import t from 'tap';
import { listSockets, parseSs } from '../../harness/net/list-sockets.ts';
import { createNamespace } from '../../harness/net/namespace.ts';
import { listenIn } from '../helpers/listen-in.ts';

// `ss -tanH` as captured on Linux (iproute2 6.x): IPv4, IPv6, listeners with `*` peers, an interface suffix.
const SAMPLE = `LISTEN    0      128      0.0.0.0:2024    0.0.0.0:*    
LISTEN    0      16     127.0.0.1:36283   0.0.0.0:*    
ESTAB     0      0      127.0.0.1:44626 127.0.0.1:36283
ESTAB     0      5      127.0.0.1:36283 127.0.0.1:44626
TIME-WAIT 0      0      127.0.0.1:41989 127.0.0.1:36066
LISTEN    0      511        [::1]:42533      [::]:*    
ESTAB     0      0          [::1]:58098     [::1]:42533
LISTEN    0      4096  127.0.0.53%lo:53      0.0.0.0:*    

`;

t.test('parseSs reads state, addresses and ports of each line', async (t) => {
  const sockets = parseSs(SAMPLE);
  t.equal(sockets.length, 8, 'blank lines are skipped');
  t.same(sockets[2], { state: 'ESTAB', local: '127.0.0.1:44626', peer: '127.0.0.1:36283', localPort: 44626, peerPort: 36283 });
  t.same(sockets[4], { state: 'TIME-WAIT', local: '127.0.0.1:41989', peer: '127.0.0.1:36066', localPort: 41989, peerPort: 36066 });
  t.same(sockets[6], { state: 'ESTAB', local: '[::1]:58098', peer: '[::1]:42533', localPort: 58098, peerPort: 42533 }, 'IPv6 in brackets');
  t.match(sockets[5], { state: 'LISTEN', local: '[::1]:42533', localPort: 42533, peer: '[::]:*' });
  t.equal(sockets[7]?.localPort, 53, 'an interface suffix on the address does not hide the port');
  t.same(sockets.map((s) => s.state), ['LISTEN', 'LISTEN', 'ESTAB', 'ESTAB', 'TIME-WAIT', 'LISTEN', 'ESTAB', 'LISTEN']);
});

t.test('parseSs of nothing is nothing', async (t) => {
  t.same(parseSs(''), []);
  t.same(parseSs('\n  \n'), []);
});

t.test('listSockets with a prefix that fails says why', async (t) => {
  const r = await listSockets([1], [process.execPath, '-e', 'process.stderr.write("no such namespace"); process.exit(1)', '--']);
  t.same(r, { ok: false, reason: 'ss failed: no such namespace' });
});

const skip = process.platform !== 'linux' || process.getuid?.() !== 0 ? 'network namespaces need root on Linux' : false;

t.test('listSockets inside a namespace sees a listener started there, and only sockets on the given ports', { skip }, async (t) => {
  const ns = await createNamespace();
  if ('unavailable' in ns) throw new Error(ns.reason);
  t.teardown(() => ns.close());
  const listener = await listenIn(ns.prefix, 'x');
  t.teardown(() => listener.stop());

  const seen = await listSockets([listener.port], ns.prefix);
  t.match(seen, { ok: true, sockets: [{ state: 'LISTEN', local: `127.0.0.1:${listener.port}`, peer: '0.0.0.0:*', localPort: listener.port }] });
  t.equal(seen.ok && seen.sockets.length, 1, 'just the listener');
  const other = await listSockets([listener.port + 1 > 65535 ? 1 : listener.port + 1], ns.prefix);
  t.same(other, { ok: true, sockets: [] }, 'a port nobody uses in the namespace: nothing');
});
