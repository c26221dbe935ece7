import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'shutdown(SHUT_RD) on a listener stops it: the connection completed in its accept queue is reset at once, a half-open one (SYN-RECEIVED) gets nothing then and a RST only when its data arrives, and a later accept() fails EINVAL',
  spec: [
    'RFC 9293 §3.10.4 (CLOSE in LISTEN: pending requests get "connection reset")',
    'Linux net/ipv4/af_inet.c inet_shutdown(): a LISTEN socket shut down for reading is disconnected (sk->sk_prot->disconnect: tcp_disconnect()); for writing alone nothing happens',
    'Linux net/ipv4/tcp.c tcp_disconnect(): LISTEN → inet_csk_listen_stop(), then TCP_CLOSE (unhashed: no listener on the port)',
    'Linux net/ipv4/inet_connection_sock.c inet_csk_listen_stop(): each child in the accept queue goes through inet_child_forget() → tcp_disconnect(), which sends RST+ACK (tcp_need_reset()); request socks (SYN-RECEIVED) are left to their timer',
    'Linux net/ipv4/tcp_ipv4.c tcp_v4_rcv(): a segment for a request sock whose listener is no longer in LISTEN drops the request (inet_csk_reqsk_queue_drop_and_put()) and, with no socket left, is answered by tcp_v4_send_reset() (seq = its ack)',
    'Linux net/ipv4/inet_connection_sock.c inet_csk_accept(): not in LISTEN → EINVAL',
  ],
  tags: ['listen', 'rst'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    // connect() returns once the client has sent its ACK; on loopback the server's kernel queues the child by then.
    { role: 'client', op: 'connect', as: 'c1', to: 'l', label: 'client connects (completed, nobody accepts)' },
    { role: 'harness', op: 'firewall', host: 'client', chain: 'output', match: 'bare-ack', action: 'drop', portOf: 'l', label: 'a firewall drops the client\'s bare ACKs to the listener' },
    // The client's side is ESTABLISHED once it sends its ACK; the dropped ACK leaves the server's side a request sock.
    { role: 'client', op: 'connect', as: 'c2', to: 'l', label: 'client connects again (its ACK dropped: half-open)' },
    { role: 'server', op: 'shutdown', sock: 'l', how: 'read', label: 'server shuts down the listener for reading', expect: { ok: true } },
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST', 'ACK'] }, timeoutMs: 1000, label: 'the queued connection is reset' },
    { role: 'client', op: 'recv', sock: 'c1', timeoutMs: 500, label: 'the queued connection reads the reset', expect: { error: 'ECONNRESET' } },
    { role: 'server', op: 'accept', sock: 'l', as: 's', timeoutMs: 500, label: 'a later accept fails', expect: { error: 'EINVAL' } },
    { role: 'client', op: 'send', sock: 'c2', data: 'hello', label: 'the half-open connection sends', expect: { ok: true } },
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'], notFlags: ['ACK'] }, timeoutMs: 1000, label: 'its data draws a RST' },
    { role: 'client', op: 'recv', sock: 'c2', timeoutMs: 500, label: 'the half-open connection reads the reset', expect: { error: 'ECONNRESET' } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the queued connection\'s RST+ACK at the shutdown, then the half-open connection\'s data and the RST it draws (seq = its ack: no socket left)',
      segments: [
        { from: 'server', flags: ['RST', 'ACK'] },
        { from: 'client', data: true },
        { from: 'server', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' },
      ],
    },
    { rule: 'count', segment: { from: 'server', flags: ['RST'] }, min: 2, max: 2, why: 'one RST at the shutdown (the queued connection), none for the half-open one until its data' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'reset, not closed in order' },
  ],
  divergences: [
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS refuses shutdown(2) on a listening socket with ENOTCONN (it is not connected) and does nothing else: the listener keeps listening, its queued connection is not reset and a later accept() returns it',
      source: 'apple-oss-distributions/xnu bsd/kern/uipc_socket.c soshutdown() (neither SS_ISCONNECTED, SS_ISCONNECTING nor SS_ISDISCONNECTING: ENOTCONN, before soshutdownlock())',
      steps: { 'server shuts down the listener for reading': { error: 'ENOTCONN' }, 'a later accept fails': { ok: true } },
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['RST', 'ACK'] }, why: 'nothing is reset' }],
    },
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD answers shutdown(SHUT_RD) on a listening socket with ENOTCONN, but first sets so_error = ECONNABORTED and wakes accept(): the next accept() fails ECONNABORTED (once); the accept queue is not reset and the listener keeps listening',
      source: 'freebsd/freebsd-src sys/kern/uipc_socket.c soshutdown() (SOLISTENING and how != SHUT_WR: so_error = ECONNABORTED, solisten_wakeup(); returns ENOTCONN); shutdown(2) ERRORS (ENOTCONN)',
      steps: { 'server shuts down the listener for reading': { error: 'ENOTCONN' }, 'a later accept fails': { error: 'ECONNABORTED' } },
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['RST', 'ACK'] }, why: 'nothing is reset' }],
    },
  ],
  wrongPeer: { role: 'server', mode: 'shutdown-ignored', why: 'a server whose listener shutdown never happens keeps listening: nothing is reset' },
});
