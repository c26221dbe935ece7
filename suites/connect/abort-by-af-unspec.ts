import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'connect() to an AF_UNSPEC address on a connected socket aborts the connection on Linux: one RST+ACK at SND.NXT acknowledging RCV.NXT, no FIN; the peer reads ECONNRESET; the socket, still open, reports ECONNRESET once, then is unconnected (ENOTCONN, not EOF)',
  spec: [
    'POSIX connect(2) ("If the sa_family member of address is AF_UNSPEC, the socket\'s peer address shall be reset": for connectionless sockets)',
    'Linux net/ipv4/af_inet.c __inet_stream_connect(): AF_UNSPEC → sk->sk_prot->disconnect(), then sock->state = SS_UNCONNECTED (or SS_DISCONNECTING)',
    'Linux net/ipv4/tcp.c tcp_disconnect(): tcp_need_reset(ESTABLISHED) → tcp_send_active_reset() (RST+ACK) and sk_err = ECONNRESET; the socket goes to TCP_CLOSE with sk_shutdown = 0 and SOCK_DONE cleared',
    'Linux net/ipv4/tcp.c tcp_recvmsg_locked(): TCP_CLOSE without SOCK_DONE → ENOTCONN',
    'RFC 9293 §3.10.5 (ABORT: a RST is sent, the connection is gone)',
  ],
  tags: ['connect', 'rst'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'client', op: 'connect', as: 'c', to: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's' },
    { role: 'client', op: 'send', sock: 'c', data: 'request', label: 'client sends a request' },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 7, label: 'server reads it', expect: { data: 'request' } },
    { role: 'client', op: 'disconnect', sock: 'c', label: 'client connects to AF_UNSPEC', expect: { ok: true } },
    // The RST is sent inside the call; awaiting it on the wire keeps the server's read from racing its arrival.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['RST'] }, timeoutMs: 1000, label: 'the RST is on the wire' },
    { role: 'server', op: 'recv', sock: 's', timeoutMs: 1000, label: 'server reads the reset', expect: { error: 'ECONNRESET' } },
    { role: 'client', op: 'recv', sock: 'c', timeoutMs: 1000, label: 'the client reads its own reset once', expect: { error: 'ECONNRESET' } },
    { role: 'client', op: 'recv', sock: 'c', timeoutMs: 1000, label: 'then its socket is unconnected', expect: { error: 'ENOTCONN' } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the request, then the abort: RST+ACK at SND.NXT, acknowledging all the server sent',
      segments: [
        { from: 'client', data: true },
        { from: 'client', flags: ['RST', 'ACK'], seq: 'snd.nxt', ack: 'rcv.nxt' },
      ],
    },
    { rule: 'count', segment: { from: 'client', flags: ['RST'] }, min: 1, max: 1, why: 'one RST' },
    { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'an abort, not an orderly close' },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'nothing answers a RST' },
  ],
  divergences: [
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS refuses to connect a connected TCP socket again, whatever the address: connect() fails EISCONN (an AF_UNSPEC address of sockaddr_in\'s length is even taken for AF_INET first), nothing is sent and the connection lives',
      source: 'apple-oss-distributions/xnu bsd/kern/uipc_socket.c soconnectlock() (SS_ISCONNECTED and PR_CONNREQUIRED: EISCONN); bsd/kern/uipc_syscalls.c getsockaddr() (AF_UNSPEC translated to AF_INET on an AF_INET stream socket)',
      steps: { 'client connects to AF_UNSPEC': { error: 'EISCONN' } },
      wire: [{ rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing is aborted' }],
    },
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD refuses to connect a connected socket of a protocol that needs a connection (TCP): connect() fails EISCONN, nothing is sent and the connection lives',
      source: 'freebsd/freebsd-src sys/kern/uipc_socket.c soconnectat() (SS_ISCONNECTED and PR_CONNREQUIRED: EISCONN; sodisconnect() only for the others)',
      steps: { 'client connects to AF_UNSPEC': { error: 'EISCONN' } },
      wire: [{ rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing is aborted' }],
    },
    {
      platform: 'win32',
      verified: false,
      reason: 'Winsock fails connect() on a connected connection-oriented socket with WSAEISCONN',
      source: 'Microsoft Learn, "connect function (winsock2.h)", Return value (WSAEISCONN: "The socket is already connected (connection-oriented sockets only)")',
      steps: { 'client connects to AF_UNSPEC': { error: 'EISCONN' } },
      wire: [{ rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing is aborted' }],
    },
  ],
  wrongPeer: { role: 'client', mode: 'disconnect-shuts-down', why: 'a client whose disconnect is an orderly shutdown sends FIN, not RST: the server reads EOF' },
});
