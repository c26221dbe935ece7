import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'After shutdown(SHUT_WR) a write fails EPIPE: the shutdown sends FIN, the peer reads a clean EOF, and the failed write sends nothing',
  spec: ['RFC 9293 §3.10.2 (SEND in FIN-WAIT-1/2: "error: connection closing")', 'RFC 9293 §3.10.4 (CLOSE: half-close)', 'Linux net/ipv4/tcp.c tcp_sendmsg_locked(): SEND_SHUTDOWN → EPIPE'],
  tags: ['write', 'epipe', 'half-close'],
  steps: [
    ...connected(),
    { role: 'client', op: 'shutdown', sock: 'c', how: 'write', label: 'client shuts down its sending side' },
    // The server's kernel acknowledges the FIN (alone, or with a FIN of its own where the runtime ends its side at
    // once) before the server closes: with both cores busy that ACK and the close's FIN reached the client in the other
    // order, and the client's TIME_WAIT answered the stale ACK, which drew the closed server's RST (python, ipv6).
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['ACK'], ack: 'rcv.nxt' }, pace: true, timeoutMs: 1000, label: 'the server\'s kernel acknowledges the FIN' },
    { role: 'server', op: 'recv', sock: 's', label: 'server reads a clean EOF', expect: { eof: true } },
    // The peer closes too, and the client reads that EOF before writing: a Node peer ends its
    // side by itself as soon as it sees our FIN (allowHalfOpen: false), so without this the
    // client's write would race that FIN and Node's error would depend on which came first
    // (measured both ways). For the kernel it changes nothing: a write after the peer's FIN
    // alone succeeds (write/epipe-on-second-write); this one fails because of our shutdown.
    { role: 'server', op: 'close', sock: 's', label: 'server closes' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the server\'s EOF', expect: { eof: true } },
    { role: 'client', op: 'send', sock: 'c', data: 'too late', label: 'a write after the shutdown fails EPIPE', expect: { error: 'EPIPE', synthesized: false } },
  ],
  wire: [
    { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'the shutdown sends FIN' },
    { rule: 'absent', segment: { from: 'client', data: true }, why: 'the failed write sends nothing' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'a failed write does not reset the connection' },
    // No rule on the server's RSTs: "no data ever reached the closed server socket" is the rule on the client's data
    // above, said directly. A server RST without data before it answers loopback's reordering, not the write: where
    // the server program ends its side at once on the FIN (bun-api), its ACK and its FIN leave 0.2 ms apart, and with
    // both cores busy the client handled the FIN first; its TIME_WAIT then answered the stale ACK with an ACK, which
    // the closed server answered with a bare RST (RFC 9293 §3.10.7.1; 1 run in 10 loaded full rounds, the pace
    // above cannot come between the two). The rule on the client's RSTs stays.
  ],
  wrongPeer: { role: 'client', mode: 'shutdown-ignored', why: 'a client whose shutdown never happens sends no FIN, so the server reads no EOF (and the client\'s write would succeed)' },
});
