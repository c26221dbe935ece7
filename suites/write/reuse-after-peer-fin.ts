import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'The pooled-connection race: the server closes an idle connection (FIN) and the client, reading nothing first, sends its request: the kernel accepts it, the closed socket answers RST, and the client\'s next read sees EOF, not ECONNRESET (the FIN came first); the RST\'s error is EPIPE (CLOSE_WAIT), left for the next write. Reading the FIN before the request changes nothing: EOF again after the RST',
  spec: [
    'RFC 9293 §3.5.2 (reset generation: data for a closed connection)',
    'RFC 9293 §3.10.7.4 (RST in CLOSE-WAIT)',
    'Linux net/ipv4/tcp.c tcp_recvmsg_locked(): SOCK_DONE (set by tcp_fin()) is checked before sk_err, so a read after the FIN returns 0 whatever came after it',
    'Linux net/ipv4/tcp_input.c tcp_reset(): EPIPE in CLOSE_WAIT, then tcp_done(); tcp_rcv_state_process(): data for an orphaned FIN_WAIT2 socket draws a RST (TCPAbortOnData)',
    'nodejs/node#20256, nodejs/node#47130, nodejs/undici#3492, golang/go#19943 (HTTP clients reusing a pooled connection the server has closed)',
  ],
  tags: ['write', 'rst', 'epipe'],
  steps: [
    ...connected(),
    // Stopped, the client program cannot answer the FIN at once (a runtime that ends its side on EOF: Node's, Bun's
    // allowHalfOpen: false) right behind its kernel's ACK of it: with both cores busy that FIN reached the server first,
    // the ACK then a duplicate for TIME_WAIT to answer and the closed client's RST to that (bun, ipv4, 1 of 1068 at
    // --jobs 2 with two busy loops). Thawed only once the ACK is on the wire: not proof it was handled (the capture
    // keeps loopback's outgoing copy), but the FIN then follows it by the thaw's milliseconds, not by one.
    { role: 'harness', op: 'freeze', target: 'client', label: 'the client program is stopped' },
    { role: 'server', op: 'close', sock: 's', label: 'server closes the idle connection' },
    // The request must follow the FIN in the client's kernel, while the client program has read nothing. On an idle
    // machine's loopback close(2) returns after the client's kernel has taken the FIN (drivers/net/loopback.c
    // loopback_xmit() and netif_rx(), as in close/unread-data-sends-rst); with the receive softirq left to ksoftirqd
    // (busy cores), or from another stack (gVisor's netstack, lwIP), it comes later: its ACK of the FIN says it came.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], ack: 'rcv.nxt' }, pace: true, timeoutMs: 1000, label: 'the client\'s kernel acknowledges the FIN' },
    { role: 'harness', op: 'thaw', target: 'client', label: 'the client program runs again' },
    { role: 'client', op: 'send', sock: 'c', data: 'GET / HTTP/1.1', label: 'send first: the request is accepted', expect: { ok: true } },
    // The read must meet FIN and RST both pending: the same, for the RST that answers the request (where the request
    // went out at all).
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true, answering: { from: 'client', data: true }, timeoutMs: 1000, label: 'the RST comes before the read' },
    { role: 'client', op: 'recv', sock: 'c', label: 'the read after the RST sees EOF', expect: { eof: true } },
    { role: 'client', op: 'send', sock: 'c', data: 'GET / HTTP/1.1', label: 'the next write fails EPIPE', expect: { error: 'EPIPE', synthesized: false } },
    // The other order on a second connection: the client reads the FIN before it sends.
    { role: 'client', op: 'connect', as: 'c2', to: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's2' },
    { role: 'harness', op: 'freeze', target: 'client', label: 'the client program is stopped again' },
    { role: 'server', op: 'close', sock: 's2', label: 'server closes the second idle connection' },
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], ack: 'rcv.nxt' }, pace: true, timeoutMs: 1000, label: 'the client\'s kernel acknowledges the second FIN' },
    { role: 'harness', op: 'thaw', target: 'client', label: 'the client program runs again, to read' },
    { role: 'client', op: 'recv', sock: 'c2', label: 'read first: the client sees the FIN', expect: { eof: true } },
    { role: 'client', op: 'send', sock: 'c2', data: 'GET / HTTP/1.1', label: 'the request after EOF is accepted', expect: { ok: true } },
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true, answering: { from: 'client', data: true }, timeoutMs: 1000, label: 'the second RST comes before the read' },
    { role: 'client', op: 'recv', sock: 'c2', label: 'the read after that RST sees EOF again', expect: { eof: true } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'on each connection the server\'s FIN, the request, the RST it draws',
      segments: [
        { from: 'server', flags: ['FIN'] },
        { from: 'client', data: true },
        { from: 'server', flags: ['RST'], notFlags: ['FIN'] },
        { from: 'server', flags: ['FIN'] },
        { from: 'client', data: true },
        { from: 'server', flags: ['RST'], notFlags: ['FIN'] },
      ],
    },
    { rule: 'count', segment: { from: 'client', data: true }, min: 2, max: 2, why: 'one request per connection reaches the wire; the failed write does not' },
    { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'a pooled client keeps its side open: the kernel never closes it for the program' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing answers a RST' },
  ],
  divergences: [
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD reports the RST on the read: soreceive checks so_error before SBS_CANTRCVMORE, so the read after the RST fails with the RST\'s error (ECONNRESET, set for CLOSE_WAIT as for ESTABLISHED) where Linux reads EOF; then EOF, and the next write EPIPE',
      source: 'freebsd/freebsd-src sys/kern/uipc_socket.c soreceive_generic() (so_error before SBS_CANTRCVMORE); sys/netinet/tcp_input.c tcp_do_segment() RST processing (so_error = ECONNRESET in CLOSE_WAIT) (unverified)',
      steps: { 'the read after the RST sees EOF': { error: 'ECONNRESET' }, 'the read after that RST sees EOF again': { error: 'ECONNRESET' } },
    },
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS as FreeBSD: soreceive() checks so_error before SS_CANTRCVMORE, so the read after the RST fails ECONNRESET instead of EOF',
      source: 'apple-oss-distributions/xnu bsd/kern/uipc_socket.c soreceive() (so_error before SS_CANTRCVMORE); bsd/netinet/tcp_input.c tcp_input() RST processing (unverified)',
      steps: { 'the read after the RST sees EOF': { error: 'ECONNRESET' }, 'the read after that RST sees EOF again': { error: 'ECONNRESET' } },
    },
  ],
  wrongPeer: { role: 'server', mode: 'close-half', why: 'a server that only shuts down its sending side keeps taking requests: no RST, so the next write succeeds' },
});
