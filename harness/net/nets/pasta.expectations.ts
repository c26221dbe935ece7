// What pasta (passt 2023-03, Debian bookworm) does to a connect to a published port: measured on Linux 6.18 with C agents, both families.
import { defineExpectations } from '../../case/define-expectations.ts';

const PASST = 'passt.top/passt 2023_03_09.7c7625d (mirror AkihiroSuda/passt-mirror)';

// pasta splices two connections: the client's to pasta's published socket on the host (a), pasta's own to the server in the container (b).
// An error on either (a RST: EPOLLERR, or a failed splice()) marks the pair CLOSING, and with under 100 connections tcp_defer_handler()
// destroys it after the same epoll round: close() of both sockets, so the other end gets a FIN (close() of a socket with nothing unread).
const SPLICE_CLOSE = `${PASST}: tcp_splice.c tcp_splice_sock_handler() (EPOLLERR, or splice() failing other than EAGAIN: goto close, conn_flag(CLOSING)), tcp.c tcp_defer_handler() (max_conns = conn_count / 100 * TCP_CONN_PRESSURE is 0 below 100 connections, so CLOSING pairs are destroyed at once), tcp_splice.c tcp_splice_destroy() (close() of both sockets)`;
// A FIN from one end is passed on as shutdown(SHUT_WR) of the other socket once everything read is written.
const SPLICE_FIN = `${PASST}: tcp_splice.c tcp_splice_sock_handler() (EPOLLRDHUP: B_FIN_RCVD; eof and all written: shutdown(conn->a, SHUT_WR), A_FIN_SENT; both FINs sent: goto close)`;
const ACCEPTED = `${PASST}: tcp.c tcp_conn_from_sock() (accept4() on the published socket, then tcp_splice_conn_from_sock() for a loopback peer), tcp_splice.c tcp_splice_new() and tcp_splice_connect() (a non-blocking connect() inside the container, after the accept)`;
const VERIFIED = 'measured here --repeat 5 over IPv4 and IPv6';

// What the client sees when the server's end resets pasta's connection (b): pasta closes the client's (a), so EOF, never ECONNRESET.
const RESET_AS_EOF = "pasta's own connection to the server takes the RST, and pasta then close()s the client's socket, which sends a FIN: behind pasta a peer that resets looks like a peer that closed in order, so a client cannot tell a crash or an abort from a clean close by ECONNRESET (only by the protocol it speaks)";
// A write after the peer's close succeeds once more than on the kernel: the RST the client's data draws comes from pasta's socket, which has closed by then.
const ONE_MORE_WRITE = "the client's write goes to pasta's socket on the host, which takes it; pasta passes it on, the server's kernel resets pasta's connection, and pasta close()s the client's socket: only the client's next write meets a closed socket (its RST, then EPIPE). Behind pasta, one more write than on the kernel succeeds after the peer has gone, so a client must not take a successful write as delivery";
// The connect completes on the host whatever the container answers.
const CONNECT_ACCEPTED = "the client's connect completes on pasta's published socket in the host namespace, which accepts it before pasta tries its own connect() inside the container; how that one fails (a RST, ICMP, silence) never reaches the client's connect, which succeeds: the client learns of it only as EOF when pasta closes the accepted socket (connect/refused-closed-port). Behind pasta a successful connect does not mean the service is up";
// The client's socket options (keep-alive, TCP_USER_TIMEOUT) are on its connection to pasta, whose peer never vanishes.
const PEER_IS_PASTA = "the client's peer is pasta's published socket on the host, which stays and acknowledges everything, so the client's own timers (keep-alive, TCP_USER_TIMEOUT) never fire; pasta's connection into the container carries none of the client's options (passt sets no SO_KEEPALIVE nor TCP_USER_TIMEOUT) and retransmits on the container namespace's defaults. Behind pasta, detect a dead server with an application-level timeout or heartbeat";
const NO_OPTIONS = `${PASST}: tcp_splice.c tcp_splice_connect() (the options set on the new socket: TCP_QUICKACK only; no SO_KEEPALIVE or TCP_USER_TIMEOUT anywhere in tcp.c or tcp_splice.c)`;

export default defineExpectations({
  'connect/refused-closed-port': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: "the client's connect completes on pasta's published socket in the host namespace, which accepts it before anything is tried in the container; only then does pasta connect() inside the container (its SYN is answered by a RST+ACK, when the capture sees it before the case ends) and, that failing, close()s the client's accepted socket: the client sees a successful connect and then EOF (a FIN), never ECONNREFUSED (measured: connect ok, the read EOF within 10 ms; test/net/usernet.test.ts)",
      source: `${PASST}: tcp.c tcp_conn_from_sock() (accept4() on the published socket, then tcp_splice_conn_from_sock() for a loopback peer), tcp_splice.c tcp_splice_new() and tcp_splice_connect() (connect() in the namespace, non-blocking), tcp_splice_sock_handler() (EPOLLERR: goto close, conn_flag(CLOSING)), tcp_splice_destroy() (close() of both sockets: a FIN to the client); measured here --repeat 5`,
      steps: { 'client connects to the closed port': { ok: true } },
      // pasta's connect() inside the container comes after the accept, from its own event loop: the case (one connect) may end first.
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: "nothing listens in the container: no SYN+ACK (pasta's SYN and the RST+ACK to it came after the case's end in 2 of 40 runs, measured)" }],
    }],
  },
  'rst/closed-port-answers-rst-ack': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${CONNECT_ACCEPTED}. The capture, in the container, sees pasta's SYN and the closed port's RST+ACK, when they come before the one-step case ends`,
      source: `${ACCEPTED}; ${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'client connects to the closed port': { ok: true } },
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: "nothing listens in the container: no SYN+ACK (pasta's own SYN may come after the case's end: it connects from its event loop after the accept)" }],
    }],
  },
  'connect/syn-rejected': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${CONNECT_ACCEPTED}. The firewall's reset answers pasta's SYN inside the container, not the client's`,
      source: `${ACCEPTED}; ${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'client connects': { ok: true } },
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: "the firewall rejects pasta's SYN: the listener never answers it (pasta's SYN may come after the case's end)" }],
    }],
  },
  'connect/syn-rejected-icmp-codes': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${CONNECT_ACCEPTED}. Neither ICMP error (net unreachable, administratively prohibited) reaches the client: they answer pasta's SYNs inside the container`,
      source: `${ACCEPTED}; ${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'client connects to the net-unreachable port': { ok: true }, 'client connects to the prohibited port': { ok: true } },
      wire: [{ rule: 'absent', segment: { from: 'server' }, why: "no TCP answer to pasta's SYNs: the rejections are ICMP messages (pasta's SYNs may come after the case's end)" }],
    }],
  },
  'connect/syn-dropped': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${CONNECT_ACCEPTED}. The dropped SYN is pasta's, inside the container: the client's connect returns at once instead of ETIMEDOUT after its SYN retries, and the case's tcp_syn_retries does not bound pasta's attempt`,
      source: `${ACCEPTED}; ${VERIFIED}`,
      steps: { 'client connects': { ok: true } },
      wire: [{ rule: 'absent', segment: { from: 'server' }, why: "the firewall drops pasta's SYN: nothing answers (the case ends with the connect, so pasta's retransmissions, on its own timer, are not awaited)" }],
    }],
  },
  'close/unread-data-sends-rst': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${RESET_AS_EOF}. The server's close with unread data resets pasta's connection as on the kernel when pasta had already passed the client's bytes on; when pasta's loop had not yet run, the close sends a FIN and the bytes, arriving after it, draw the RST (over IPv4 5 of 23 runs, over IPv6 0 of 23, measured): either way the client reads EOF`,
      source: `${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'client reads the reset': { eof: true } },
      // Whether the server's close sends RST+ACK or FIN is a race between pasta's loop and the close: only what holds either way.
      wire: [
        { rule: 'count', segment: { from: 'client', data: true }, max: 1, why: "the client's bytes, passed on once by pasta (perhaps after the case's end)" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'pasta never resets its connection: it closes its socket' },
      ],
    }],
  },
  'listen/close-with-pending-connection': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${RESET_AS_EOF}. The connection waiting in the closed listener's queue is pasta's own, made from pasta's loop after it accepted the client's: the listener's close resets it as on the kernel, or, when pasta's connect() came after the close, refuses its SYN (1 of 10 runs over IPv6, measured); either way the client reads EOF`,
      source: `${ACCEPTED}; ${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'client reads the reset': { eof: true } },
      wire: [
        { rule: 'present', segment: { from: 'server', flags: ['RST', 'ACK'] }, why: "pasta's connection is reset at the close, or its SYN, come after the close, refused" },
        { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'reset, not closed in order' },
      ],
    }],
  },
  'timeout/recv-timeout-sends-nothing': {
    divergences: [{
      role: 'server',
      verified: true,
      reason: "the receive timeouts and the round trip are as on the kernel, but the client's close with unread data resets only its connection to pasta's socket on the host; pasta then close()s its own connection to the server, which has nothing unread: a FIN, so the server reads EOF where the kernel gives ECONNRESET. Behind pasta, a server cannot tell a client that dropped unread data from one that closed in order",
      source: `${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'server reads the reset': { eof: true } },
      wire: [
        { rule: 'count', segment: { from: 'client', flags: ['FIN'] }, min: 2, max: 2, why: "both closes reach the server as pasta's FINs: the orderly one passed on, the reset one as pasta's close()" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: "the client's RST stops at pasta's socket on the host" },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the server never resets' },
      ],
    }],
  },
  'write/epipe-on-second-write': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${ONE_MORE_WRITE}: here the second write succeeds too; the read after it returns EOF as on the kernel`,
      source: `${SPLICE_FIN}; ${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'second write fails EPIPE': { ok: true } },
      wire: [
        { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: "the server's close, passed on to the client as pasta's shutdown()" },
        { rule: 'count', segment: { from: 'client', data: true }, max: 1, why: "at most the first write reaches the server (pasta passes it on from its own loop, so it may come after the case's end: 1 of 12 runs, measured); the second meets pasta's closed socket" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing answers the RST: pasta closes its socket' },
      ],
    }],
  },
  'write/reset-after-unread-close': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${RESET_AS_EOF}; so the client's first write after the reset succeeds (pasta's socket had closed in order) and draws the RST from pasta's closed socket. The second write fails EPIPE as on the kernel when pasta's close came before the first write (the RST then finds the client in CLOSE_WAIT: tcp_reset()), and succeeds too when pasta's loop had not yet run (2 of 38 runs, both over IPv4, measured): either is expected`,
      source: `${SPLICE_CLOSE}; ${VERIFIED}`,
      // EPIPE or a successful write: which one is a race between pasta's loop and the client's first write.
      steps: { 'first write fails ECONNRESET': { ok: true }, 'second write fails EPIPE': {} },
      // As in close/unread-data-sends-rst, the server's close sends RST+ACK or, before pasta passed the bytes on, a FIN (under load: 2 of 63 runs, IPv4): only what holds either way.
      wire: [
        { rule: 'count', segment: { from: 'client', data: true }, max: 1, why: "the client's bytes, passed on once by pasta (perhaps after the case's end); the writes after the close end at pasta's socket on the host" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'pasta never resets its connection: it closes its socket' },
      ],
    }],
  },
  'write/reuse-after-peer-fin': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${ONE_MORE_WRITE}: here the write after the request succeeds too; the reads see EOF as on the kernel (pasta's FIN came first)`,
      source: `${SPLICE_FIN}; ${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'the next write fails EPIPE': { ok: true } },
      wire: [
        {
          rule: 'sequence',
          why: "the server's FIN, the first request (passed on by pasta), the RST it draws, then the second connection's FIN (its request, passed on from pasta's loop, may come after the case's end)",
          segments: [
            { from: 'server', flags: ['FIN'] },
            { from: 'client', data: true },
            { from: 'server', flags: ['RST'], notFlags: ['FIN'] },
            { from: 'server', flags: ['FIN'] },
          ],
        },
        { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 2, why: "at most one request per connection reaches the server; the write after the RST ends at pasta's closed socket" },
        { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'pasta passes on no FIN the client did not send' },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing answers a RST' },
      ],
    }],
  },
  'rst/segment-for-dead-connection': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${ONE_MORE_WRITE}: the dead server's kernel resets pasta's connection for the client's data as on the kernel (the wire rules hold), and the client's next write succeeds too; a read after it returns EOF`,
      source: `${SPLICE_FIN}; ${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'the next write fails EPIPE': { ok: true } },
    }],
  },
  'halfopen/peer-vanished': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: "the client's data is taken by pasta's socket on the host and retransmitted by pasta's own connection into the container (the wire rules hold), whose retransmissions run out as the kernel's would (the case's tcp_retries2 is set in both namespaces); pasta then close()s the client's socket: the client reads EOF at about the same time (3.1 to 3.4 s, measured) instead of ETIMEDOUT, and its next write succeeds. Behind pasta a vanished server looks like one that closed in order",
      source: `${SPLICE_CLOSE}; ${VERIFIED}`,
      steps: { 'the connection times out': { eof: true }, 'a later send fails EPIPE': { ok: true } },
    }],
  },
  'timeout/keepalive-finds-dead-peer': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${PEER_IS_PASTA}: the read waits out its whole bound (the agent's wait runs out) and the later write succeeds; no probe reaches the container`,
      source: `${NO_OPTIONS}; ${VERIFIED}`,
      steps: { 'keep-alive gives up on the peer': { errorName: 'agent-timeout' }, 'a later send fails EPIPE': { ok: true } },
      wire: [
        { rule: 'absent', segment: { from: 'client', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'], seq: 'snd.nxt-1', data: false }, why: "the probes go to pasta's socket on the host, which answers them; pasta's own connection sends none" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing gives up on the connection' },
        { rule: 'absent', segment: { from: 'server', notFlags: ['SYN'] }, why: 'the vanished host answers nothing' },
      ],
    }],
  },
  'timeout/user-timeout': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${PEER_IS_PASTA}: the read waits out its whole bound (the agent's wait runs out) and the later write succeeds, while pasta's connection retransmits the data into the vanished container on its own timer (tcp_retries2 15: minutes)`,
      source: `${NO_OPTIONS}; ${VERIFIED}`,
      steps: { 'the user timeout ends the connection': { errorName: 'agent-timeout' }, 'a later send fails EPIPE': { ok: true } },
      wire: [
        { rule: 'count', segment: { from: 'client', data: true }, min: 4, why: "pasta's connection retransmits the data on its own RTO (5 data segments in 10 of 10 runs, measured), without the client's user timeout" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing gives up on the connection' },
        { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'nor closes it' },
        { rule: 'absent', segment: { from: 'server', notFlags: ['SYN'] }, why: 'the vanished host answers nothing' },
      ],
    }],
  },
  'close/linger-positive-blocks': {
    divergences: [{
      role: 'server',
      verified: true,
      reason: "the client's lingering closes behave as on the kernel (the first returns at once, the second blocks its 1 s and leaves the socket in FIN-WAIT-1), but the client's host firewall, dropping every incoming segment, sits in front of pasta's published socket too: the second connection's FIN never reaches pasta, so pasta never passes it on and the server's read waits out its bound (the agent's wait runs out). A firewall on the host of a rootless container filters pasta's side of the published port",
      source: `${SPLICE_FIN}; ${VERIFIED}`,
      steps: { 'the server read the FIN': { errorName: 'agent-timeout' } },
      wire: [
        { rule: 'count', segment: { from: 'client', flags: ['FIN'] }, min: 1, max: 1, why: "only the first connection's FIN, passed on by pasta; the second never reaches pasta's socket" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'the linger timeout sends no RST' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'nor does the server reset anything' },
      ],
    }],
  },
});
