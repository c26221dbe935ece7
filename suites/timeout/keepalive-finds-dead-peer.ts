import { connected, defineCase } from '../../harness/index.ts';

// Short settings so the case stays ~3 s: the first probe after 1 s idle, then one a second, and the
// connection dropped when 2 have gone unanswered (Linux's defaults: 7200 s, 75 s, 9).
const IDLE_S = 1;
const INTERVAL_S = 1;
const COUNT = 2;

export default defineCase(import.meta, {
  description: 'SO_KEEPALIVE with a short idle time, interval and count finds a peer that vanished from an idle connection: exactly the count of probes (seq = SND.NXT - 1, no data) go out at the interval, then the connection is dropped with a RST and the next call fails ETIMEDOUT, a later send EPIPE. The connection as each runtime makes it shows its own keep-alive timer, if any (evidence)',
  spec: [
    'RFC 1122 §4.2.3.6 (TCP keep-alives: SEG.SEQ = SND.NXT-1, no data; off by default)',
    'RFC 9293 §3.8.4 (TCP keep-alives)',
    'Linux net/ipv4/tcp_timer.c tcp_keepalive_timer() (probes_out >= keepalive_probes: tcp_send_active_reset(), tcp_write_err(): ETIMEDOUT), net/ipv4/tcp_output.c tcp_write_wakeup(), tcp_xmit_probe_skb() (seq snd_una - 1); net/ipv4/tcp.c tcp_sock_set_keepidle_locked() (re-arms the timer)',
    'tcp(7) TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT',
  ],
  tags: ['timeout', 'halfopen', 'slow'],
  topology: 'two-hosts',
  // The defaults, set so a host's own settings cannot decide: every value the case needs is set on the socket.
  sysctls: { 'net.ipv4.tcp_keepalive_time': 7200, 'net.ipv4.tcp_keepalive_intvl': 75, 'net.ipv4.tcp_keepalive_probes': 9 },
  steps: [
    ...connected(),
    // Before any option: what the runtime's idiomatic connect and accept armed themselves. The step's
    // value lists each socket with its timer as ss -o shows it (Go: keepalive,~15s on both ends).
    { role: 'harness', op: 'sockets', expect: { clientState: 'ESTAB' }, label: 'the connection as the runtime made it (its own keep-alive timer, if any)' },
    // Every TCP segment dropped at the input hook of the server's namespace: its socket never sees a
    // probe, so it neither ACKs nor resets; the capture (a packet socket, before netfilter) sees each.
    // First, so no probe can go out (and be answered) before the peer is gone, however slow the steps.
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'tcp', action: 'drop', label: 'the server\'s host vanishes' },
    // Interval and count first: only the idle time re-arms the timer (tcp_sock_set_keepidle_locked(),
    // from the last segment received, at once if that is longer ago), so the first probe's successors
    // are already spaced by the interval set and counted against the count set.
    { role: 'client', op: 'setopt', sock: 'c', name: 'keepintvl', value: INTERVAL_S, label: 'client sets the probe interval' },
    { role: 'client', op: 'setopt', sock: 'c', name: 'keepcnt', value: COUNT, label: 'client sets the probe count' },
    { role: 'client', op: 'setopt', sock: 'c', name: 'keepalive', value: true, label: 'client turns keep-alive on' },
    { role: 'client', op: 'setopt', sock: 'c', name: 'keepidle', value: IDLE_S, label: 'client sets the idle time' },
    // idle + count x interval: measured ETIMEDOUT ~3 s after the connect; bounded a second past it.
    { role: 'client', op: 'recv', sock: 'c', timeoutMs: (IDLE_S + COUNT * INTERVAL_S + 1) * 1000, label: 'keep-alive gives up on the peer', expect: { error: 'ETIMEDOUT' } },
    // The error is reported once (sock_error() clears sk_err); the socket is closed after it.
    { role: 'client', op: 'send', sock: 'c', data: 'too late', label: 'a later send fails EPIPE', expect: { error: 'EPIPE', synthesized: false } },
  ],
  wire: [
    // Their times are the evidence of the idle time and the interval.
    { rule: 'count', segment: { from: 'client', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'], seq: 'snd.nxt-1', data: false }, min: COUNT, max: COUNT, why: 'one probe per interval, as many as the count set' },
    { rule: 'sequence', segments: [{ from: 'client', seq: 'snd.nxt-1', data: false }, { from: 'client', flags: ['RST'], seq: 'snd.nxt' }], why: 'after the last unanswered probe the kernel resets the connection (tcp_keepalive_timer(): tcp_send_active_reset())' },
    { rule: 'absent', segment: { from: 'client', data: true }, why: 'a probe carries no data' },
    { rule: 'absent', segment: { from: 'server', notFlags: ['SYN'] }, why: 'the vanished host answers nothing' },
  ],
  divergences: [
    {
      platform: 'darwin',
      verified: false,
      reason: 'XNU names the idle time TCP_KEEPALIVE (seconds); TCP_KEEPINTVL and TCP_KEEPCNT as here. The last unanswered probe drops the connection through tcp_drop() (ETIMEDOUT), which sends a RST from CLOSED, as Linux does',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_usrreq.c tcp_ctloutput() (TCP_KEEPALIVE, TCP_KEEPINTVL, TCP_KEEPCNT; bsd/netinet/tcp.h), bsd/netinet/tcp_timer.c tcp_timers() (TCPT_KEEP: dropit, tcp_drop()) (unverified)',
      steps: {},
    },
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD has TCP_KEEPIDLE, TCP_KEEPINTVL (seconds) and TCP_KEEPCNT per socket, as here; the system defaults are net.inet.tcp.keepidle (7200000 ms), keepintvl (75000 ms) and keepcnt (8)',
      source: 'tcp(4) (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT; MIB variables keepidle, keepintvl, keepcnt) (unverified)',
      steps: {},
    },
    {
      platform: 'win32',
      verified: false,
      reason: 'Windows sets the idle time and interval with TCP_KEEPIDLE and TCP_KEEPINTVL (seconds, Windows 10 1709 and later) or the older SIO_KEEPALIVE_VALS ioctl (milliseconds), and the count with TCP_KEEPCNT (Windows 10 1703 and later; before it, 10 probes, not settable); the drop is WSAETIMEDOUT',
      source: 'Microsoft Learn, IPPROTO_TCP socket options (TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT); Microsoft Learn, SIO_KEEPALIVE_VALS control code (unverified)',
      steps: {},
    },
  ],
  wrongNetwork: { skipStep: 'the server\'s host vanishes', why: 'a peer still there answers every probe, so keep-alive keeps the connection and the read ends on its own bound instead of ETIMEDOUT' },
});
