// What MPTCP (Linux net/mptcp/, one subflow) does instead of TCP in the cases it can run: measured on Linux 6.18 with C agents, both families.
import { defineExpectations } from '../../case/define-expectations.ts';

// __mptcp_close(): unread data (or linger 0) → mptcp_do_fastclose(): a RST+ACK with MP_FASTCLOSE and MP_TCPRST; otherwise
// mptcp_close_state() and __mptcp_wr_shutdown(): a DATA_FIN in the DSS option of a bare ACK, the subflows orphaned, not shut.
const CLOSE = 'net/mptcp/protocol.c __mptcp_close(): mptcp_do_fastclose() when data is unread (mptcp_data_avail()) or lingering 0, else mptcp_close_state() and __mptcp_wr_shutdown() (a DATA_FIN, RFC 8684 §3.3.3), then "orphan all the subflows" without shutting them; measured (the DSS option decoded in the capture)';
const DATA_FIN = 'the peer\'s close is a DATA_FIN in the DSS option of a bare ACK, not a TCP FIN; the subflow stays open and its TCP FIN comes only once the MPTCP-level connection has closed';
// The orphaned subflow still takes data and acknowledges it at both levels (measured: the server's ACK carries a DSS data ACK);
// nothing resets it, and a subflow's error would not reach the MPTCP socket anyway (__mptcp_subflow_error_report()).
const WRITE_AFTER_CLOSE = `${DATA_FIN}. After it the peer's orphaned subflow still acknowledges what is written (a DSS data ACK), so no RST comes back and every write succeeds: there is no EPIPE to give`;
const ERROR_REPORT = 'net/mptcp/protocol.c __mptcp_subflow_error_report(): a subflow\'s error reaches the MPTCP socket only in SYN_SENT or after a fallback to TCP';

export default defineExpectations({
  'write/epipe-on-second-write': {
    divergences: [{
      role: 'client', verified: true, reason: WRITE_AFTER_CLOSE, source: `${CLOSE}; ${ERROR_REPORT}; measured here`,
      steps: { 'second write fails EPIPE': { ok: true } },
      wire: [
        { rule: 'count', segment: { from: 'client', data: true }, min: 2, max: 2, why: 'both writes reach the wire' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the orphaned subflow takes the data: nothing resets' },
        { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'the close is a DATA_FIN, not a TCP FIN' },
      ],
    }],
  },
  'write/reuse-after-peer-fin': {
    divergences: [{
      role: 'client', verified: true, reason: WRITE_AFTER_CLOSE, source: `${CLOSE}; ${ERROR_REPORT}; measured here`,
      steps: { 'the next write fails EPIPE': { ok: true } },
      wire: [
        { rule: 'count', segment: { from: 'client', data: true }, min: 3, max: 3, why: 'the request on the first connection, the one written after its close, the request on the second' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the orphaned subflow takes the data: nothing resets' },
        { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'each close is a DATA_FIN, not a TCP FIN' },
        { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'a pooled client keeps its side open' },
      ],
    }],
  },
  'rst/segment-for-dead-connection': {
    divergences: [{
      role: 'client', verified: true,
      reason: `The dead process's socket is closed by the kernel as by close(): ${WRITE_AFTER_CLOSE}`,
      source: `${CLOSE}; ${ERROR_REPORT}; measured here`,
      steps: { 'the next write fails EPIPE': { ok: true } },
      wire: [
        { rule: 'count', segment: { from: 'client', data: true }, min: 2, max: 2, why: 'both writes reach the wire' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the orphaned subflow takes the data: nothing resets' },
        { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'the close is a DATA_FIN, not a TCP FIN' },
      ],
    }],
  },
  'close/half-close-shutdown-write': {
    divergences: [{
      role: 'both', verified: true,
      reason: 'shutdown(SHUT_WR) on an MPTCP socket sends a DATA_FIN in the DSS option of a bare ACK (mptcp_shutdown(): mptcp_close_state(), __mptcp_wr_shutdown()), not a TCP FIN: the half-close works (the server still reads the EOF and replies), and the subflows\' TCP FINs come only at the end, once both DATA_FINs are acknowledged',
      source: `net/mptcp/protocol.c mptcp_shutdown(), __mptcp_wr_shutdown(), __mptcp_close(); RFC 8684 §3.3.3; measured here`,
      wire: [
        {
          rule: 'sequence', why: 'the server\'s reply after the client\'s half-close, then both TCP FINs once the MPTCP-level close is done',
          segments: [{ from: 'server', data: true }, { from: 'client', flags: ['FIN'] }, { from: 'server', flags: ['FIN'] }],
        },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
      ],
    }],
  },
  'close/shutdown-then-abort': {
    divergences: [{
      role: 'server', verified: true,
      reason: 'the shutdown is a DATA_FIN (no TCP FIN), and the abort (SO_LINGER 0, close) an MPTCP fastclose: one RST+ACK on the subflow carrying MP_FASTCLOSE and MP_TCPRST',
      source: `${CLOSE}; net/mptcp/protocol.c mptcp_do_fastclose(); measured here`,
      wire: [
        { rule: 'count', segment: { from: 'server', flags: ['RST', 'ACK'] }, min: 1, max: 1, why: 'one RST, from the abort' },
        { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'the shutdown is a DATA_FIN' },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing answers a RST' },
        { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'the client never closed its side' },
      ],
    }],
  },
  'timeout/recv-timeout-sends-nothing': {
    divergences: [{
      role: 'client', verified: true,
      reason: 'the first close, with nothing unread, is a DATA_FIN in a bare ACK, not a TCP FIN; the second, with data unread, an MPTCP fastclose (RST+ACK with MP_FASTCLOSE)',
      source: `${CLOSE}; measured here`,
      wire: [
        { rule: 'count', segment: { from: 'client', flags: ['RST'] }, min: 1, max: 1, why: 'only the close with unread data resets' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the server never resets' },
      ],
    }],
  },
  'listen/shutdown-resets-queue': {
    divergences: [{
      role: 'server', verified: true,
      reason: 'the queued connection is reset twice, by two identical RST+ACKs: the first carries MP_FASTCLOSE and MP_TCPRST (the unaccepted MPTCP socket is fastclosed), the second none (its subflow as TCP resets it); the half-open one still gets its one RST at its data',
      source: 'net/mptcp/protocol.c __mptcp_unaccepted_force_close() (mptcp_do_fastclose()) beside net/ipv4/inet_connection_sock.c inet_csk_listen_stop() → inet_child_forget() → tcp_disconnect(); measured 6 of 6 (C, both families); measured here',
      wire: [
        {
          rule: 'sequence', why: 'the queued connection\'s RST+ACK at the shutdown, then the half-open connection\'s data and the RST it draws (seq = its ack: no socket left)',
          segments: [
            { from: 'server', flags: ['RST', 'ACK'] },
            { from: 'client', data: true },
            { from: 'server', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' },
          ],
        },
        { rule: 'count', segment: { from: 'server', flags: ['RST', 'ACK'] }, min: 2, max: 2, why: 'the queued connection\'s fastclose and its subflow\'s reset' },
        { rule: 'count', segment: { from: 'server', flags: ['RST'] }, min: 3, max: 3, why: 'and one for the half-open one, at its data' },
        { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'reset, not closed in order' },
      ],
    }],
  },
  'connect/abort-by-af-unspec': {
    divergences: [{
      role: 'client', verified: true,
      reason: 'connect(AF_UNSPEC) on an MPTCP socket is mptcp_disconnect(): a fastclose (the RST+ACK carries MP_FASTCLOSE) that leaves the socket without a pending error, so the next read fails ENOTCONN at once where TCP\'s tcp_disconnect() leaves ECONNRESET for it',
      source: 'net/mptcp/protocol.c mptcp_disconnect() (mptcp_do_fastclose(), no sk_err set); net/ipv4/tcp.c tcp_disconnect() sets sk_err ECONNRESET; measured here',
      steps: { 'the client reads its own reset once': { error: 'ENOTCONN' } },
    }],
  },
});
