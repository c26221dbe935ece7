import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'A connection reset while still in the accept queue is still returned by accept(); its first read fails ECONNRESET, the next reads EOF, and a write fails EPIPE; nothing is sent for it',
  spec: [
    'RFC 9293 §3.10.7.4 (a RST in SYN-RECEIVED/ESTABLISHED: the connection is reset)',
    'Linux net/ipv4/inet_connection_sock.c inet_csk_accept(): reqsk_queue_remove() takes the head of the accept queue and returns its child without looking at its state',
    'Linux net/ipv4/tcp_input.c tcp_reset(): sk_err = ECONNRESET in ESTABLISHED, then tcp_done() (TCP_CLOSE, sk_shutdown = SHUTDOWN_MASK)',
    'Linux net/ipv4/tcp.c tcp_recvmsg_locked(): sock_error() reports sk_err once, then RCV_SHUTDOWN reads 0; tcp_sendmsg_locked(): SEND_SHUTDOWN → EPIPE',
  ],
  tags: ['rst', 'listen', 'epipe'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    // connect() returns once the client has sent its ACK; on loopback the server's kernel has queued the child by then.
    { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'client connects (nobody accepts yet)' },
    { role: 'client', op: 'abort', sock: 'c', label: 'client aborts (SO_LINGER 0, close) before the server accepts' },
    // The RST is handled by the server's kernel inside the client's close() (loopback): once it is on the wire, the queued child is reset.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['RST'] }, label: 'the RST is on the wire' },
    { role: 'server', op: 'accept', sock: 'l', as: 's', label: 'server accepts the reset connection', expect: { ok: true } },
    { role: 'server', op: 'recv', sock: 's', label: 'server reads the reset', expect: { error: 'ECONNRESET' } },
    { role: 'server', op: 'recv', sock: 's', label: 'server reads again: EOF', expect: { eof: true } },
    { role: 'server', op: 'send', sock: 's', data: 'too late', label: 'server writes: EPIPE', expect: { error: 'EPIPE' } },
  ],
  wire: [
    { rule: 'present', segment: { from: 'client', flags: ['RST', 'ACK'] }, why: 'the abort resets the established connection' },
    { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'an abort sends no FIN' },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'nothing answers a RST' },
    { rule: 'absent', segment: { from: 'server', data: true }, why: 'the failed write sends nothing' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'the reset socket has nothing left to close in order' },
  ],
  wrongPeer: { role: 'client', mode: 'abort-closes', why: 'a client whose abort is an orderly close sends FIN: the accepted connection reads EOF, not ECONNRESET' },
});
