import { connected, defineCase } from '../../harness/index.ts';

// The time set: short, so the case stays ~1 s, and far below what tcp_retries2 (15, ~15 min) allows,
// so only TCP_USER_TIMEOUT can end the connection within the recv's bound.
const USER_TIMEOUT_MS = 1000;

export default defineCase(import.meta, {
  description: 'TCP_USER_TIMEOUT ends a connection whose data stays unacknowledged for the time set: the next call fails ETIMEDOUT (long before tcp_retries2 would), nothing but retransmissions goes on the wire (no RST, no FIN), and a later send fails EPIPE',
  spec: [
    'RFC 5482 §3 (the TCP User Timeout Option: the local user timeout)',
    'RFC 9293 §3.8.3 (R2: the USER TIMEOUT aborts the connection)',
    'Linux net/ipv4/tcp_timer.c tcp_write_timeout() (retransmits_timed_out() with icsk_user_timeout, from retrans_stamp), tcp_retransmit_timer(), tcp_clamp_rto_to_user_timeout(), tcp_write_err(): ETIMEDOUT; net/ipv4/tcp_output.c tcp_retransmit_skb() (retrans_stamp)',
    'tcp(7) TCP_USER_TIMEOUT',
  ],
  tags: ['timeout', 'halfopen', 'slow'],
  topology: 'two-hosts',
  // The default, set so a host's own setting cannot end the connection first (~924 s with RTO_MIN 200 ms).
  sysctls: { 'net.ipv4.tcp_retries2': 15 },
  steps: [
    ...connected(),
    { role: 'client', op: 'setopt', sock: 'c', name: 'user_timeout', value: USER_TIMEOUT_MS, label: 'client sets TCP_USER_TIMEOUT' },
    // Every TCP segment dropped at the input hook of the server's namespace: its socket never hears of
    // the data, so it neither ACKs nor resets; the capture (a packet socket, before netfilter) still
    // sees each retransmission arrive.
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'tcp', action: 'drop', label: 'the server\'s host vanishes' },
    { role: 'client', op: 'send', sock: 'c', data: 'never acknowledged', label: 'a send is only queued', expect: { ok: true } },
    // The clock starts at the first RTO retransmission (tcp_retransmit_skb() stamps retrans_stamp; the
    // tail-loss probe before it does not), and the RTO is clamped to what is left of it: measured here
    // (Linux 6.18) the send at 0, retransmissions at ~205 (probe), ~415 and ~835 ms, ETIMEDOUT at
    // ~1.43 s, one time set after the first RTO retransmission. Bounded at 2.5 times the time set.
    { role: 'client', op: 'recv', sock: 'c', timeoutMs: 2.5 * USER_TIMEOUT_MS, label: 'the user timeout ends the connection', expect: { error: 'ETIMEDOUT' } },
    // The error is reported once (sock_error() clears sk_err); the socket is closed after it.
    { role: 'client', op: 'send', sock: 'c', data: 'too late', label: 'a later send fails EPIPE', expect: { error: 'EPIPE', synthesized: false } },
  ],
  wire: [
    // The time set, seen on the wire: the send, the tail-loss probe (~200 ms), the RTO retransmission that
    // starts the clock (~400 ms) and one more (~800 ms); the next RTO (~1600 ms) would come after the
    // time set has run out, so the clamped timer ends the connection first. A timeout much shorter
    // (under one RTO after the first) or longer (past the next) changes the count.
    { rule: 'count', segment: { from: 'client', data: true }, min: 4, max: 4, why: 'the send and three retransmissions fit in the time set after the first RTO retransmission; a fourth would not' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'giving up on the user timeout (tcp_write_err(), tcp_done()) sends nothing' },
    { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'nor does the dead connection close in order' },
    { rule: 'absent', segment: { from: 'server', notFlags: ['SYN'] }, why: 'the vanished host answers nothing' },
  ],
  divergences: [
    {
      platform: 'darwin',
      verified: false,
      reason: 'XNU has no TCP_USER_TIMEOUT; its nearest knob, TCP_RXT_CONNDROPTIME (seconds), drops a connection whose retransmission episode has lasted that long (ETIMEDOUT, as here), but through tcp_drop(), which moves to CLOSED and calls tcp_output(): a RST goes out, where Linux\'s tcp_write_err() sends nothing',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_usrreq.c tcp_ctloutput() (TCP_RXT_CONNDROPTIME: t_rxt_conndroptime), bsd/netinet/tcp_timer.c tcp_timers() (TCPT_REXMT: tcp_now - t_rxtstart >= t_rxt_conndroptime), bsd/netinet/tcp_subr.c tcp_drop() (unverified)',
      steps: {},
      wire: [{ rule: 'present', segment: { from: 'client', flags: ['RST'] }, why: 'tcp_drop() sends a RST on giving up' }],
    },
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD has no TCP_USER_TIMEOUT; its Linux ABI layer maps Linux\'s TCP_USER_TIMEOUT to TCP_MAXUNACKTIME (seconds, FreeBSD 14 and later: the time a connection may go without any byte acknowledged), which a native program sets instead',
      source: 'freebsd/freebsd-src sys/compat/linux/linux_socket.c linux_to_bsd_tcp_sockopt() (LINUX_TCP_USER_TIMEOUT -> TCP_MAXUNACKTIME), linux_setsockopt(); sys/netinet/tcp.h TCP_MAXUNACKTIME (unverified)',
      steps: {},
    },
    {
      platform: 'win32',
      verified: false,
      reason: 'Windows has no TCP_USER_TIMEOUT; TCP_MAXRT (seconds) bounds how long a connection retransmits before it is dropped (WSAETIMEDOUT), the nearest equivalent',
      source: 'Microsoft Learn, IPPROTO_TCP socket options (TCP_MAXRT) (unverified)',
      steps: {},
    },
  ],
  wrongNetwork: { skipStep: 'client sets TCP_USER_TIMEOUT', why: 'without the user timeout tcp_retries2 (~15 min) keeps the connection, so the read ends on its own bound instead of ETIMEDOUT' },
});
