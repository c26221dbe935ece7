// What slirp4netns 1.2.0 (libslirp 4.7.0, Debian bookworm) changes for the client: measured on Linux 6.18 with C agents, IPv4.
import { defineExpectations } from '../../case/define-expectations.ts';

// The installed libslirp0 4.7.0-1, read at tag v4.7.0 (slirp/libslirp on gitlab.freedesktop.org; GitHub mirror alvistack/slirp-libslirp).
const SLIRP = 'slirp/libslirp v4.7.0 src/';
// A RST from the server ends libslirp's own connection to it; libslirp then closes its socket on the host, which the client sees as a FIN.
const RST_STOPS = "the server's RST ends libslirp's connection in the container, not the client's: libslirp's TCP closes its tcb and its socket on the host (close(), no SO_LINGER: a FIN), and the client, whose peer is that socket, sees an orderly close";
const RST_SOURCE = `${SLIRP}tcp_input.c tcp_input() ("If the RST bit is set": ESTABLISHED, FIN_WAIT_1/2, CLOSE_WAIT → tcp_close()), tcp_subr.c tcp_close() (closesocket(so->s)); the server's FIN reaches the client as libslirp's shutdown(): tcp_input.c tcp_input() (FIN: sofwdrain()), socket.c sofcantsendmore() (shutdown(so->s, 1) "send FIN to fhost")`;
// The connect completes on libslirp's forwarded socket before libslirp's own SYN goes to the container (the model: connect/refused-closed-port).
const ACCEPTED = "the client's connect completes on libslirp's forwarded socket on the host, which the host kernel accepts before libslirp sends a SYN of its own into the container";
const ACCEPTED_SOURCE = `${SLIRP}tcp_subr.c tcp_connect() (accept() on the forwarded socket, then tcp_output() of libslirp's SYN: "We simply accept here and SYN the local-host"), tcp_input.c tcp_input() (TCPS_SYN_SENT: a RST with ACK → tcp_drop()), tcp_subr.c tcp_drop() and tcp_close() (closesocket(so->s): a FIN to the client); tcp_timer.c tcp_timers() (TCPT_KEEP before ESTABLISHED: dropit, TCPTV_KEEP_INIT 75 s in tcp_timer.h)`;
// The client's peer is libslirp's socket on the host, which acknowledges everything at once: the client's TCP never learns the server's host is gone.
const PEER_ALIVE = "the client's peer is libslirp's socket on the host, which acknowledges every byte and keep-alive probe at once whatever happens in the container: the client's TCP never finds the server's host gone, and only libslirp's TCP retransmits into the firewall";
const PEER_ALIVE_SOURCE = `${SLIRP}tcp_subr.c tcp_connect() (the client's connection ends at libslirp's accepted socket), tcp_timer.c tcp_timers() (TCPT_REXMT: libslirp's own retransmissions with tcp_backoff[]; past TCP_MAXRXTSHIFT it halves t_maxseg and goes on, tcp_drop() only once t_maxseg < 32; TCPT_KEEP probes only with slirp_do_keepalive, false unless the embedder sets it: slirp.c), tcp_subr.c tcp_newtcpcb() (t_rttmin TCPTV_MIN: 1 s)`;

export default defineExpectations({
  'connect/refused-closed-port': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: "the client's connect completes on libslirp's forwarded socket in the host namespace, which accepts it before the SYN goes to the container; the container's RST+ACK (on the wire) drops libslirp's connection, whose close of the client's accepted socket is a FIN: the client sees a successful connect and then EOF, never ECONNREFUSED (measured: connect ok, the read EOF)",
      source: `${SLIRP}tcp_subr.c tcp_connect() (accept() on the forwarded socket, then tcp_output() of the SYN to the guest), tcp_input.c tcp_input() (TCPS_SYN_SENT: a RST with ACK → tcp_drop(tp, 0) "XXX Check t_softerror!"), tcp_subr.c tcp_drop() and tcp_close() (closesocket(so->s)); rootless-containers/slirp4netns v1.2.0 api.c api_handle_req_add_hostfwd() (slirp_add_hostfwd()); measured here --repeat 5`,
      steps: { 'client connects to the closed port': { ok: true } },
      // libslirp's SYN into the container goes out after the accept, from its own poll loop: the case (one connect) may end first.
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: "nothing listens in the container: no SYN+ACK (libslirp's SYN and the RST+ACK to it came after the case's end in 2 of 3 runs, measured)" }],
    }],
  },
  'rst/closed-port-answers-rst-ack': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${ACCEPTED}; the closed port's RST+ACK (on the wire, when the capture sees it before the case ends) ends only libslirp's attempt, whose close of the client's accepted socket is a FIN: the client's connect succeeds, never ECONNREFUSED (measured 5 of 5)`,
      source: `${ACCEPTED_SOURCE}; measured here --repeat 5`,
      steps: { 'client connects to the closed port': { ok: true } },
      // libslirp's SYN goes out after the accept, from its own poll loop: only what holds if the case ends first.
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: 'nothing listens in the container: no SYN+ACK' }],
    }],
  },
  'connect/syn-rejected': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${ACCEPTED}; the firewall's reset of that SYN ends only libslirp's attempt, whose close of the client's accepted socket is a FIN: the client's connect succeeds, never ECONNREFUSED (measured 5 of 5; libslirp's SYN and the reset came after the case's end in 1 of them)`,
      source: `${ACCEPTED_SOURCE}; measured here --repeat 5`,
      steps: { 'client connects': { ok: true } },
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: 'the listener never sees the SYN, so no SYN+ACK' }],
    }],
  },
  'connect/syn-rejected-icmp-codes': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${ACCEPTED}; libslirp drops every ICMP unreachable the container sends back, so the rejections reach no one and its attempts go on (its first SYN retransmission is due after 6 s) until its connection-establishment timer (75 s) closes the client's socket with a FIN: both connects succeed, never ENETUNREACH or EHOSTUNREACH (measured 5 of 5; the second port's SYN came after the case's end in 1 of them; the 75 s from the source, not waited for here)`,
      source: `${ACCEPTED_SOURCE}; ${SLIRP}ip_icmp.c icmp_input() (ICMP_UNREACH: m_free(), nothing else), tcp_subr.c tcp_newtcpcb() (t_rxtcur: 12 slow ticks of 500 ms); measured here --repeat 5`,
      steps: { 'client connects to the net-unreachable port': { ok: true }, 'client connects to the prohibited port': { ok: true } },
      wire: [{ rule: 'absent', segment: { from: 'server' }, why: 'no TCP answer at all: the rejections are ICMP messages' }],
    }],
  },
  'connect/syn-dropped': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${ACCEPTED}; the firewall drops libslirp's SYN, which libslirp retransmits on its own timer (first after 6 s) until its connection-establishment timer (75 s) closes the client's socket with a FIN: the client's connect succeeds at once, never ETIMEDOUT (measured 5 of 5; the 75 s from the source, not waited for here)`,
      source: `${ACCEPTED_SOURCE}; ${SLIRP}tcp_subr.c tcp_newtcpcb() (t_rxtcur: ((TCPTV_SRTTBASE >> 2) + (TCPTV_SRTTDFLT << 2)) >> 1 = 12 slow ticks of 500 ms, PR_SLOWHZ 2 in tcp.h); measured here --repeat 5`,
      steps: { 'client connects': { ok: true } },
      wire: [
        // libslirp's SYN goes out from its poll loop after the accept: none had come by the case's end in 2 of 15 runs.
        { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, max: 1, why: "at most libslirp's one SYN: its first retransmission is due 6 s later, after the case" },
        { rule: 'absent', segment: { from: 'server' }, why: 'nothing ever answers' },
      ],
    }],
  },
  'close/unread-data-sends-rst': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${RST_STOPS}: the client reads EOF, not ECONNRESET (measured 25 of 25). Whether the server's close is a RST at all depends on libslirp, which forwards the client's bytes from its own poll loop: in 4 of 25 runs the server closed before they arrived and sent a FIN (their later arrival drew its RST), and the client read EOF all the same`,
      source: `${RST_SOURCE}; measured here --repeat 5 and --repeat 20`,
      steps: { 'client reads the reset': { eof: true } },
      // The server's RST or FIN, by the race above: only what holds either way.
      wire: [{ rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: "libslirp answers the server's RST (or FIN) with no RST of its own: tcp_close() only closes its socket" }],
    }],
  },
  'listen/close-with-pending-connection': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${RST_STOPS}: the client, whose connect libslirp's socket on the host had completed, reads EOF, not ECONNRESET (measured 5 of 5). The RST is the listener's reset of libslirp's queued connection (RST+ACK), or the closed port's answer when libslirp's SYN (RST+ACK) or the ACK completing its handshake (a bare RST) came after the listener's close (measured: each seen in --repeat 5 runs)`,
      source: `${RST_SOURCE}; ${ACCEPTED_SOURCE}; measured here --repeat 5`,
      steps: { 'client reads the reset': { eof: true } },
      wire: [
        { rule: 'present', segment: { from: 'server', flags: ['RST'] }, why: "the RST that ends libslirp's connection: the listener's reset of it (RST+ACK), the closed port's answer to its SYN (RST+ACK) or to its handshake's late ACK (a bare RST)" },
        { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'reset, not closed in order' },
      ],
    }],
  },
  'write/epipe-on-second-write': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `the server's FIN reaches the client as libslirp's shutdown of its socket on the host; ${RST_STOPS.replace("the server's RST", "the RST that the first write's data draws")} after libslirp has read the data: the second write succeeds where the kernel fails it EPIPE (measured 5 of 5); a write after that meets libslirp's closed socket`,
      source: `${RST_SOURCE}; measured here --repeat 5`,
      steps: { 'second write fails EPIPE': { ok: true } },
      // libslirp forwards the data from its own poll loop: its RST may come after the case; the FIN came before the client's EOF.
      wire: [
        { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: "the server's close, which the client read as EOF" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: "libslirp answers the server's RST with none of its own" },
      ],
    }],
  },
  'write/reuse-after-peer-fin': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `the server's FIN reaches the client as libslirp's shutdown of its socket on the host; ${RST_STOPS.replace("the server's RST", "the RST that the request draws")}: the write after the read's EOF succeeds where the kernel fails it EPIPE (measured 5 of 5)`,
      source: `${RST_SOURCE}; measured here --repeat 5`,
      steps: { 'the next write fails EPIPE': { ok: true } },
      // The requests and the RSTs they draw come from libslirp's poll loop, the second connection's possibly after the case.
      wire: [
        { rule: 'count', segment: { from: 'server', flags: ['FIN'] }, min: 2, max: 2, why: "each connection's close, which the client read as EOF" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: "libslirp answers the server's RSTs with none of its own" },
      ],
    }],
  },
  'rst/segment-for-dead-connection': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `the kernel's FIN for the dead server reaches the client as libslirp's shutdown of its socket on the host; ${RST_STOPS.replace("the server's RST", "the RST that the client's data draws")} after libslirp has read the data: the next write succeeds where the kernel fails it EPIPE (measured 5 of 5); a write after that meets libslirp's closed socket`,
      source: `${RST_SOURCE}; measured here --repeat 5`,
      steps: { 'the next write fails EPIPE': { ok: true } },
      // The case's await waits for the RST; libslirp may read the next write before it processes that RST, so no count of the data.
      wire: [{
        rule: 'sequence',
        why: "the kernel's FIN for the dead process, libslirp's copy of the client's data, then the RST for it",
        segments: [{ from: 'server', flags: ['FIN'] }, { from: 'client', data: true }, { from: 'server', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' }],
      }],
    }],
  },
  'halfopen/peer-vanished': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${PEER_ALIVE}: the read waits out its bound (8 s) instead of failing ETIMEDOUT, and the later send succeeds (measured 5 of 5); libslirp gives up only after many minutes of retransmissions, and then closes the client's socket with a FIN`,
      source: `${PEER_ALIVE_SOURCE}; measured here --repeat 5`,
      steps: { 'the connection times out': { errorName: 'agent-timeout' }, 'a later send fails EPIPE': { ok: true } },
    }],
  },
  'timeout/keepalive-finds-dead-peer': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${PEER_ALIVE}: the client's keep-alive probes go to libslirp's socket, which answers them, so keep-alive never gives up: the read waits out its bound (4 s) instead of failing ETIMEDOUT, and the later send succeeds (measured 5 of 5)`,
      source: `${PEER_ALIVE_SOURCE}; measured here --repeat 5`,
      steps: { 'keep-alive gives up on the peer': { errorName: 'agent-timeout' }, 'a later send fails EPIPE': { ok: true } },
      // The container's wire carries libslirp's segments, not the client's; the later send's copy may come after the case.
      wire: [
        { rule: 'absent', segment: { from: 'client', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'], seq: 'snd.nxt-1', data: false }, why: 'no keep-alive probe reaches the container: libslirp sends none of its own' },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'libslirp does not give up' },
        { rule: 'absent', segment: { from: 'server', notFlags: ['SYN'] }, why: 'the vanished host answers nothing' },
      ],
    }],
  },
  'timeout/user-timeout': {
    divergences: [{
      role: 'client',
      verified: true,
      reason: `${PEER_ALIVE}: the client's TCP_USER_TIMEOUT bounds its unacknowledged data, and libslirp's socket acknowledges it at once, so the read waits out its bound (2.5 s) instead of failing ETIMEDOUT, and the later send succeeds (measured 5 of 5)`,
      source: `${PEER_ALIVE_SOURCE}; measured here --repeat 5`,
      steps: { 'the user timeout ends the connection': { errorName: 'agent-timeout' }, 'a later send fails EPIPE': { ok: true } },
      wire: [
        { rule: 'count', segment: { from: 'client', data: true }, min: 2, why: "libslirp's copy of the send and its own retransmission (1 s at least) within the wait" },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'libslirp does not give up' },
        { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'nor close in order' },
        { rule: 'absent', segment: { from: 'server', notFlags: ['SYN'] }, why: 'the vanished host answers nothing' },
      ],
    }],
  },
});
