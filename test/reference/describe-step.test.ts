import t from 'tap';
import { describeStep, isDefaultLabel, socketPorts } from '../../harness/reference/describe-step.ts';
import type { StepInfo } from '../../harness/result/case-info.ts';
import type { StepRecord } from '../../harness/result/case-result.ts';

const info = (role: string, op: string, label = `${role} ${op}`): StepInfo => ({ index: 1, label, role, op });
const rec = (role: string, op: string, request: Record<string, unknown>, value?: Record<string, unknown>): StepRecord =>
  ({ index: 1, label: `${role} ${op}`, role, op, request: { op, ...request }, ok: true, ...(value === undefined ? {} : { value }) });

// A run's sockets: l1 listened on 41000 and was rebound; c1 connected from 50000.
const ports = socketPorts([
  rec('server', 'listen', { as: 'l1', host: '127.0.0.1', port: 0 }, { port: 41000 }),
  rec('client', 'connect', { as: 'c1', host: '127.0.0.1', port: 41000 }, { localPort: 50000 }),
  rec('server', 'listen', { as: 'r1', host: '127.0.0.1', port: 41000 }, { port: 41000 }),
]);

const say = (role: string, op: string, request: Record<string, unknown>): string => describeStep(info(role, op), rec(role, op, request), ports);

t.test('socketPorts: the first socket to hold a port names it', async (t) => {
  t.same([...ports.listening], [[41000, 'l1']]);
  t.same([...ports.local], [[50000, 'c1']]);
});

t.test('agent calls: who calls what, ports told by the socket that held them, no numbers that vary', async (t) => {
  t.equal(say('server', 'listen', { as: 'l', host: '127.0.0.1', port: 0 }), 'server listens on 127.0.0.1 (`l`)');
  t.equal(say('server', 'listen', { as: 'r1', host: '127.0.0.1', port: 41000, reuseAddr: true }), 'server listens on 127.0.0.1 on the port of `l1` with SO_REUSEADDR (`r1`)');
  t.equal(say('server', 'listen', { as: 'l', host: '127.0.0.1', port: 0, pauseOnConnect: true }), 'server listens on 127.0.0.1 with pauseOnConnect (`l`)');
  t.equal(say('server', 'reserve', { as: 'port', host: '127.0.0.1' }), 'server binds a port on 127.0.0.1 without listening (`port`)');
  t.equal(say('client', 'connect', { as: 'c', host: '127.0.0.1', port: 41000, timeoutMs: 2000 }), 'client connects to `l1` (`c`)');
  t.equal(say('client', 'connect', { as: 'c2', host: '127.0.0.1', port: 41000, bindPort: 50000 }), 'client connects to `l1` from the local port of `c1` (`c2`)');
  t.equal(say('client', 'connect', { as: 'c', host: '127.0.0.1', port: 41000, inFlight: true }), 'client connects to `l1` (`c`), returning as soon as the connect has started (`inFlight`)');
  t.equal(say('server', 'accept', { as: 's', sock: 'l1', timeoutMs: 2000 }), 'server accepts a connection on `l1` (`s`)');
  t.equal(say('client', 'send', { sock: 'c', data: 'hello' }), 'client sends `"hello"` on `c`');
  t.equal(say('client', 'send', { sock: 'c', data: 'x'.repeat(100) }), `client sends \`"${'x'.repeat(57)}..."\` on \`c\``);
  t.equal(say('client', 'send', { sock: 'c', bytes: 65536 }), 'client sends 65536 bytes on `c`');
  t.equal(say('client', 'recv', { sock: 'c', timeoutMs: 2000 }), 'client reads from `c`');
  t.equal(say('client', 'recv', { sock: 'c', blocking: true, max: 10 }), 'client reads from `c` (at most 10 bytes), a blocking read that only the receive timeout ends');
  t.equal(say('server', 'recvAll', { sock: 's', bytes: 9 }), 'server reads 9 bytes from `s`');
  t.equal(say('client', 'shutdown', { sock: 'c', how: 'write' }), 'client shuts down `c` for writing (SHUT_WR)');
  t.equal(say('server', 'close', { sock: 's' }), 'server closes `s`');
  t.equal(say('server', 'abort', { sock: 's' }), 'server aborts `s` (SO_LINGER {on, 0}, then close)');
  t.equal(say('client', 'setopt', { sock: 'c', name: 'rcvtimeo', value: 100 }), 'client sets SO_RCVTIMEO to 100 ms on `c`');
  t.equal(say('client', 'setopt', { sock: 'c', name: 'linger', value: -1 }), 'client sets SO_LINGER off on `c`');
  t.equal(say('client', 'setopt', { sock: 'c', name: 'keepcnt', value: 2 }), 'client sets TCP_KEEPCNT to 2 probes on `c`');
  t.equal(say('client', 'setopt', { sock: 'c', name: 'mystery', value: 3 }), 'client sets mystery to 3 on `c`');
  t.equal(say('client', 'state', { sock: 'c' }), 'client reads the TCP state of `c`');
  t.equal(say('client', 'teleport', { sock: 'c' }), 'client does `teleport`', 'an op the reference does not know is named as it is');
});

t.test('harness steps: what the harness does, without ports or sequence numbers', async (t) => {
  t.equal(say('harness', 'firewall', { host: 'server', chain: 'input', match: 'syn', portOf: 'l', action: 'drop', port: 41000 }),
    "a firewall on the server's host drops incoming SYNs to the port of `l`");
  t.equal(say('harness', 'firewall', { host: 'server', chain: 'input', match: 'tcp', action: 'reject-tcp-reset' }),
    "a firewall on the server's host rejects all incoming TCP segments with a TCP reset");
  t.equal(say('harness', 'inject', { to: 'client', flags: ['RST'], offset: 1000, seq: 123456, ack: 654321, src: '127.0.0.1:1', dst: '127.0.0.1:2' }),
    'a crafted RST reaches the client, as if from its peer, at its RCV.NXT + 1000');
  t.equal(say('harness', 'kill', { target: 'server' }), "the server's process is killed (SIGKILL); the kernel closes its sockets");
  t.equal(say('harness', 'link', { host: 'server', state: 'down' }), "the server's link goes down");
  t.equal(say('harness', 'counters', { host: 'client', names: ['TcpOutSegs', 'TcpOutRsts'] }), "the harness reads the client host's counters TcpOutSegs, TcpOutRsts");
  t.equal(say('harness', 'await', { segment: { from: 'server', data: true } }), 'the harness waits until a segment with data from the server is on the wire');
  t.equal(say('harness', 'sockets', { expect: { connection: 'absent' } }), "the harness lists the kernel's sockets on the case's ports (ss)");
});

t.test('without a record, the step is told by role and op', async (t) => {
  t.equal(describeStep(info('server', 'close'), undefined, socketPorts([])), 'server does `close`');
  t.equal(describeStep(info('harness', 'kill'), undefined, socketPorts([])), 'the harness does `kill`');
});

t.test('isDefaultLabel: the generated "<role> <op>[ <sock>]" says nothing new', async (t) => {
  t.ok(isDefaultLabel(info('server', 'close'), rec('server', 'close', { sock: 's' })));
  t.ok(isDefaultLabel(info('server', 'close', 'server close s'), rec('server', 'close', { sock: 's' })));
  t.notOk(isDefaultLabel(info('server', 'close', 'server closes with unread data'), rec('server', 'close', { sock: 's' })));
});
