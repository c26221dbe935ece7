import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'After shutdown(SHUT_RD) on a connection, a read with nothing queued returns EOF at once, yet data the peer sends later is still acknowledged and can still be read; nothing is sent for the shutdown, no RST',
  spec: [
    'POSIX shutdown(2) SHUT_RD ("further receptions shall be disallowed": the kernel need not discard them)',
    'RFC 9293 §3.10.4 (CLOSE is a sending-side notion: TCP has no segment for a receive-side shutdown)',
    'Linux net/ipv4/af_inet.c inet_shutdown(): sk_shutdown |= RCV_SHUTDOWN; net/ipv4/tcp.c tcp_shutdown() acts on SEND_SHUTDOWN only, so nothing is sent',
    'Linux net/ipv4/tcp_input.c tcp_data_queue(): segments are queued and acknowledged whatever sk_shutdown holds (tcp_rcv_state_process() resets on data only in FIN-WAIT-1/2 with RCV_SHUTDOWN)',
    'Linux net/ipv4/tcp.c tcp_recvmsg_locked(): the receive queue is copied first; RCV_SHUTDOWN ends a read only when nothing is queued (0, EOF)',
  ],
  tags: ['close', 'half-close'],
  steps: [
    ...connected(),
    { role: 'server', op: 'shutdown', sock: 's', how: 'read', label: 'server shuts down its reading side', expect: { ok: true } },
    { role: 'server', op: 'recv', sock: 's', timeoutMs: 1000, label: 'server reads: EOF at once', expect: { eof: true } },
    { role: 'client', op: 'send', sock: 'c', data: 'after shutdown', label: 'client sends after the shutdown', expect: { ok: true } },
    // The server's ACK shows the kernel took the bytes: the read below then does not race their arrival.
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['ACK'], ack: 'rcv.nxt' }, timeoutMs: 1000, label: 'the server acknowledges the data' },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 14, label: 'server still reads the data', expect: { data: 'after shutdown' } },
    { role: 'server', op: 'recv', sock: 's', timeoutMs: 1000, label: 'then EOF again', expect: { eof: true } },
    { role: 'server', op: 'send', sock: 's', data: 'reply', label: 'server still sends', expect: { ok: true } },
    { role: 'client', op: 'recvAll', sock: 'c', bytes: 5, label: 'client reads the reply', expect: { data: 'reply' } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the data sent after the shutdown is acknowledged in full, and the reply follows',
      segments: [
        { from: 'client', data: true },
        { from: 'server', flags: ['ACK'], ack: 'rcv.nxt' },
        { from: 'server', data: true },
      ],
    },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'a receive-side shutdown does not refuse data with a RST' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'shutdown(SHUT_RD) sends nothing' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
  ],
  divergences: [
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS refuses data that reaches a socket whose reading side is shut down: soshutdown() flushes the receive buffer (sorflush(): SS_CANTRCVMORE), and tcp_input() closes a connection that receives data with SS_CANTRCVMORE set and answers it with a RST (tcps_rcvafterclose); the server\'s later reads see EOF, its send EPIPE (soisdisconnected(): SS_CANTSENDMORE), and the client reads the reset',
      source: 'apple-oss-distributions/xnu bsd/kern/uipc_socket.c soshutdownlock_final() (how != SHUT_WR: sorflush()); bsd/netinet/tcp_input.c tcp_input() ("so->so_state & SS_CANTRCVMORE": close_it, tcp_close(), dropwithreset)',
      steps: { 'server still reads the data': { eof: true }, 'server still sends': { error: 'EPIPE' }, 'client reads the reply': { error: 'ECONNRESET' } },
      wire: [{ rule: 'present', segment: { from: 'server', flags: ['RST'] }, why: 'data for a socket that cannot receive more is answered by a RST' }],
    },
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD acknowledges data that arrives after shutdown(SHUT_RD) but throws it away: soshutdown() flushes the receive buffer (sorflush(): SBS_CANTRCVMORE), and tcp_do_segment() frees the data of a segment for a buffer marked SBS_CANTRCVMORE instead of appending it, so the server reads EOF, not the data; no RST (that is only for data after the process has closed the socket)',
      source: 'freebsd/freebsd-src sys/kern/uipc_socket.c soshutdown() (SHUT_RD: sorflush()); sys/netinet/tcp_input.c tcp_do_segment() ("if (so->so_rcv.sb_state & SBS_CANTRCVMORE) m_freem(m); else sbappendstream_locked()")',
      steps: { 'server still reads the data': { eof: true } },
    },
    {
      platform: 'win32',
      verified: false,
      reason: 'Winsock refuses reads after shutdown(SD_RECEIVE) (WSAESHUTDOWN, not EOF) and resets the connection when data arrives after it, since the data cannot be delivered to the program',
      source: 'Microsoft Learn, "shutdown function (winsock.h)", Remarks ("if there is still data queued on the socket waiting to be received, or data arrives subsequently, the connection is reset"); "recv function (winsock.h)", Return value (WSAESHUTDOWN after SD_RECEIVE)',
      steps: { 'server reads: EOF at once': { error: 'ESHUTDOWN' }, 'server still reads the data': { error: 'ESHUTDOWN' }, 'then EOF again': { error: 'ESHUTDOWN' }, 'client reads the reply': { error: 'ECONNRESET' } },
      wire: [{ rule: 'present', segment: { from: 'server', flags: ['RST'] }, why: 'the data after SD_RECEIVE resets the connection' }],
    },
  ],
  wrongPeer: { role: 'server', mode: 'shutdown-both', why: 'a server that shuts down both directions is in FIN-WAIT with RCV_SHUTDOWN: the client\'s data draws a RST (tcp_rcv_state_process(), TCPAbortOnData)' },
});
