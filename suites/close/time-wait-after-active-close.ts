import { defineCase } from '../../harness/index.ts';
import type { Step } from '../../harness/case/case-types.ts';

// One connection whose server closes first, so the server's side ends in TIME_WAIT on the
// listener's port; the listener is closed afterwards, so only the TIME_WAIT socket holds the port.
// `reuse`: SO_REUSEADDR on the original listener (an accepted socket inherits it).
const activeClose = (n: number, what: string, reuse: boolean): Step[] => [
  { role: 'server', op: 'listen', as: `l${n}`, ...(reuse ? { options: { reuseAddr: true } } : {}), label: `${what}: listen` },
  { role: 'client', op: 'connect', as: `c${n}`, to: `l${n}` },
  { role: 'server', op: 'accept', sock: `l${n}`, as: `s${n}` },
  // Stopped, the client program cannot send its FIN before the server's kernel has taken the client's ACK of the
  // server's FIN (waited for below): a runtime that ends its side on EOF (Node's, Bun's allowHalfOpen: false) sends it
  // at once, and with both cores busy it still reached the server first (bun, ipv4, 1 of 924 in a --fast --jobs 2
  // round with two busy loops: the ACK a duplicate for TIME_WAIT to answer, the closed client's RST ending TIME_WAIT).
  { role: 'harness', op: 'freeze', target: 'client', label: `${what}: the client program is stopped` },
  { role: 'server', op: 'close', sock: `s${n}`, label: `${what}: server closes first` },
  // The client's kernel acknowledges the FIN (alone: the client program is stopped): its close must come after that
  // ACK is handled. With both cores busy the ACK (sent from the softirq that
  // took the FIN) and the FIN from close() (another CPU) reached the server in the other order, the ACK then a
  // duplicate for TIME_WAIT to answer, and the client, closed by then, answered that with a RST that ended TIME_WAIT.
  { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], ack: 'rcv.nxt' }, pace: true, timeoutMs: 1000, label: `${what}: the client's kernel acknowledges the FIN` },
  // The capture keeps loopback's outgoing copy: it shows the ACK sent, not handled. The server's socket leaving
  // FIN-WAIT-1 shows it handled (FIN-WAIT-2; TIME-WAIT too, should a FIN have come with the ACK): with both
  // cores busy the ACK seen on the wire still reached the server after the client's FIN (1 of 1068 at --jobs 1).
  { role: 'harness', op: 'sockets', portOf: `l${n}`, expect: { serverState: ['FIN-WAIT-2', 'TIME-WAIT'] }, pace: true, timeoutMs: 1000, label: `${what}: the server's kernel has taken the ACK of its FIN` },
  { role: 'harness', op: 'thaw', target: 'client', label: `${what}: the client program runs again` },
  { role: 'client', op: 'recv', sock: `c${n}`, label: `${what}: client reads EOF`, expect: { eof: true } },
  // On loopback the client's FIN is handled by the server's kernel inside the client's close()
  // (the softirq runs on the sender's CPU): when it returns, the server's socket has left
  // FIN_WAIT2 for TIME_WAIT, and the `sockets` step below sees it.
  { role: 'client', op: 'close', sock: `c${n}`, label: `${what}: client closes` },
  { role: 'server', op: 'close', sock: `l${n}`, label: `${what}: server closes the listener` },
];

export default defineCase(import.meta, {
  description: 'The side that closes first keeps its socket in TIME_WAIT; while it lasts, binding a listener to that port fails EADDRINUSE unless SO_REUSEADDR was set on both the TIME_WAIT socket (its listener) and the new socket',
  spec: ['RFC 9293 §3.6.1 (TIME-WAIT, 2×MSL)', 'RFC 9293 §3.4.2 (Knowing When to Keep Quiet)', 'RFC 1337', 'Linux net/ipv4/inet_connection_sock.c inet_bind_conflict(): sk->sk_reuse && sk2->sk_reuse && sk2 not LISTEN', 'socket(7) SO_REUSEADDR'],
  tags: ['close', 'time-wait', 'bind'],
  steps: [
    ...activeClose(1, 'plain', false),
    ...activeClose(2, 'new socket reuses', false),
    ...activeClose(3, 'old socket reused', true),
    ...activeClose(4, 'both reuse', true),
    { role: 'harness', op: 'sockets', label: 'the server side is in TIME_WAIT', expect: { serverState: 'TIME-WAIT' } },
    // Each attempt has a port of its own: a listen that succeeded would hold its port and make
    // any later attempt on it fail for another reason.
    { role: 'server', op: 'listen', as: 'r1', portOf: 'l1', label: 'plain: rebinding fails', expect: { error: 'EADDRINUSE' } },
    { role: 'server', op: 'listen', as: 'r2', portOf: 'l2', options: { reuseAddr: true }, label: 'new socket reuses: rebinding still fails', expect: { error: 'EADDRINUSE' } },
    { role: 'server', op: 'listen', as: 'r3', portOf: 'l3', label: 'old socket reused: rebinding still fails', expect: { error: 'EADDRINUSE' } },
    { role: 'server', op: 'listen', as: 'r4', portOf: 'l4', options: { reuseAddr: true }, label: 'both reuse: rebinding succeeds', expect: { ok: true } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the active close: the server\'s FIN, the client\'s FIN, the server\'s last ACK',
      segments: [
        { from: 'server', flags: ['FIN'] },
        { from: 'client', flags: ['FIN'] },
        { from: 'server', flags: ['ACK'], notFlags: ['FIN', 'RST', 'SYN'] },
      ],
    },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
  ],
  divergences: [
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS keeps TIME_WAIT for 2×MSL (net.inet.tcp.msl) rather than Linux\'s fixed 60 s (TCP_TIMEWAIT_LEN); what this case checks happens long before either ends',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_input.c tcp_input(): add_to_time_wait(tp, 2 * tcp_msl), tcp_msl being the sysctl net.inet.tcp.msl (bsd/netinet/tcp_timer.c); unverified',
    },
    {
      platform: 'win32',
      verified: false,
      reason: 'Windows keeps TIME_WAIT for TcpTimedWaitDelay (a registry value) rather than Linux\'s fixed 60 s',
      source: 'Microsoft Learn, TCP/IP registry values: HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\TcpTimedWaitDelay; unverified',
    },
  ],
  wrongPeer: { role: 'server', mode: 'listen-reuses', why: 'a server that sets SO_REUSEADDR on every listener (as libuv does) binds again past its TIME_WAIT sockets' },
});
