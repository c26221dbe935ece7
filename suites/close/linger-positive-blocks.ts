import { connected, defineCase } from '../../harness/index.ts';

// The runtime layer, measured here: every runtime with an SO_LINGER setter passes as C, its close
// blocking the whole second, even on a non-blocking socket (Linux's inet_release() never reads
// O_NONBLOCK): Go's Close blocks its goroutine's thread in close(2) (net.TCPConn.SetLinger's doc:
// "may cause Close to block"), though the runtime's preemption signal can cut that wait short on a
// loaded machine (runtimes/go/expectations.ts: at most the linger time), tokio's drop blocks a worker
// (tokio deprecates set_linger for that), asyncio's wait_closed() blocks the event loop in the
// transport's sock.close(), and Java shuts the output down first (NioSocketImpl.close(),
// SocketChannelImpl: SHUT_WR when SO_LINGER is not 0), then close(2) waits the same. node:net (lib/net.js Socket: setNoDelay, setKeepAlive,
// resetAndDestroy; no linger time), Bun (its node:net and Bun.connect's socket: terminate() only)
// and Deno (Deno.TcpConn: setNoDelay, setKeepAlive) cannot set a positive linger: their agents
// answer the setopt unsupported, and the case is skipped with that reason.

export default defineCase(import.meta, {
  description: 'SO_LINGER {on, 1 s}: close() waits for the FIN\'s ACK and returns as soon as it comes; when it never comes, close() blocks the whole linger time, then returns 0 without a RST, and the orphaned socket goes on retransmitting its FIN in FIN-WAIT-1',
  spec: [
    'RFC 9293 §3.10.4 (CLOSE call: queued sends are still sent; the FIN is retransmitted until acknowledged)',
    'RFC 9293 §3.6 (closing a connection: FIN-WAIT-1)',
    'POSIX close(2) with SO_LINGER l_onoff 1, l_linger > 0 (socket(7): "close() ... will not return until all queued messages ... have been sent and acknowledged or the linger timeout has been reached")',
    'Linux net/ipv4/af_inet.c inet_release(): timeout = sk->sk_lingertime when SOCK_LINGER (O_NONBLOCK is not read; none when the process is exiting)',
    'Linux net/ipv4/tcp.c __tcp_close(): tcp_send_fin(), then sk_stream_wait_close(sk, timeout), then the socket is orphaned in its state; no RST on the timeout (only tcp_check_oom() / too many orphans reset)',
    'Linux net/core/stream.c sk_stream_wait_close(): sleeps until the state leaves FIN_WAIT1/CLOSING/LAST_ACK or the timeout runs out; the return value is dropped',
  ],
  tags: ['close', 'timeout', 'firewall', 'slow'],
  topology: 'two-hosts',
  steps: [
    ...connected(),
    // The FIN's ACK comes back at once: the lingering close returns with it, long before 1 s.
    { role: 'client', op: 'setopt', sock: 'c', name: 'linger', value: 1, label: 'client sets SO_LINGER {on, 1 s}' },
    { role: 'client', op: 'close', sock: 'c', label: 'the close returns with the FIN\'s ACK', expect: { ok: true, maxMs: 500 } },
    // A second connection, whose FIN's ACK never arrives.
    { role: 'client', op: 'connect', as: 'c2', to: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's2' },
    { role: 'client', op: 'setopt', sock: 'c2', name: 'linger', value: 1, label: 'client sets SO_LINGER {on, 1 s} on the second connection' },
    // Dropped at the client's input hook: the server still receives the FIN and ACKs it (the capture,
    // on the server's side, sees both), but the client's socket never hears of the ACK.
    { role: 'harness', op: 'firewall', host: 'client', chain: 'input', match: 'tcp', action: 'drop', label: 'the client\'s host drops every incoming segment' },
    // sk_stream_wait_close() sleeps out the whole linger time (1 s = HZ jiffies); the bound above it
    // shows close() gives up then, not when the orphan's retransmissions do (tcp_orphan_retries).
    { role: 'client', op: 'close', sock: 'c2', label: 'the close blocks the linger time, then returns 0', expect: { ok: true, minMs: 990, maxMs: 1900 } },
    // The FIN sent again (its sequence number one before all the client sent: the FIN's own), on the
    // retransmission timer (200 ms first, doubling): during a close that blocked, it has already come.
    // Awaited, not assumed, so that the wire rules below, which assert it, hold however long the close
    // took (Go's may return early); a pace, since on a net whose capture cannot see it (pasta) those
    // rules say what comes instead.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['FIN'], seq: 'snd.nxt-1' }, timerMs: 200, pace: true, timeoutMs: 1000, label: 'the unacknowledged FIN is sent again' },
    { role: 'harness', op: 'sockets', label: 'the orphan is still in FIN-WAIT-1', expect: { clientState: 'FIN-WAIT-1' } },
    { role: 'server', op: 'recv', sock: 's2', label: 'the server read the FIN', expect: { eof: true } },
  ],
  wire: [
    // The first connection's FIN, then the second's, sent again at least once while unacknowledged.
    { rule: 'count', segment: { from: 'client', flags: ['FIN'] }, min: 3, why: 'one FIN on the first connection; the second connection\'s FIN retransmitted while its ACK is dropped' },
    {
      rule: 'sequence',
      why: 'the server acknowledges the FIN (its ACK is lost at the client\'s host), and the FIN comes again',
      segments: [
        { from: 'client', flags: ['FIN'] },
        { from: 'client', flags: ['FIN'] },
        { from: 'server', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'] },
        { from: 'client', flags: ['FIN'] },
      ],
    },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'the linger timeout sends no RST: the orphan keeps its FIN-WAIT-1' },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'nor does the server reset anything' },
  ],
  divergences: [
    {
      platform: 'darwin',
      verified: false,
      reason: 'XNU counts SO_LINGER\'s l_linger in hundredths of a second (SO_LINGER_SEC takes seconds): SO_LINGER {1, 1} lingers 10 ms, so the close returns long before 1 s; the time running out returns 0 (EWOULDBLOCK dropped), no RST (the detach\'s tcp_disconnect() drops only with so_linger 0 or unread data); a non-blocking socket does not wait at all',
      source: 'apple-oss-distributions/xnu bsd/kern/uipc_socket.c soclose_locked() (msleep "soclose" for so_linger / 100 s while SS_ISCONNECTED; "It\'s OK when the time fires"), sosetoptlock() (SO_LINGER: so_linger = l_linger; SO_LINGER_SEC: l_linger * hz); bsd/netinet/tcp_usrreq.c tcp_disconnect(); unverified',
      steps: { 'the close blocks the linger time, then returns 0': { ok: true, maxMs: 500 } },
    },
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD lingers in seconds as Linux does, but the time running out is an error: soclose() returns tsleep()\'s EWOULDBLOCK (close(2) fails, the descriptor still released); the FIN stays queued, no RST (tcp_disconnect() drops only with so_linger 0); a non-blocking socket (SS_NBIO) does not wait at all, where Linux waits whatever O_NONBLOCK',
      source: 'freebsd/freebsd-src sys/kern/uipc_socket.c soclose() (tsleep "soclos", so_linger * hz, while SS_ISCONNECTED; SS_ISDISCONNECTING && SS_NBIO: goto drop); sys/netinet/tcp_usrreq.c tcp_disconnect(); unverified',
    },
    {
      platform: 'win32',
      verified: false,
      reason: 'Winsock\'s closesocket() with a nonzero linger time blocks a blocking socket until the queued data is sent; if the time runs out first the connection is terminated (a hard, abortive close: a RST, not a FIN retransmitted on); a non-blocking socket fails WSAEWOULDBLOCK',
      source: 'Microsoft Learn, "closesocket function (winsock.h)", Remarks (SO_LINGER with a nonzero time-out: graceful close, or abortive when the time-out expires; WSAEWOULDBLOCK on a nonblocking socket); unverified',
    },
  ],
  wrongNetwork: { skipStep: 'the client\'s host drops every incoming segment', why: 'without the drop the FIN\'s ACK arrives and the lingering close returns at once' },
});
