import { defineCase } from '../../harness/index.ts';

// The seq an ICMP quotes is checked against SND.UNA..SND.NXT (RFC 5927 §4.1): a SYN_SENT socket
// has SND.NXT = SND.UNA + 1, and Linux's between() takes both ends, so 1000 is well outside.
const OUT_OF_WINDOW = 1000;

export default defineCase(import.meta, {
  description: 'A connect in flight: an ICMP port-unreachable quoting a sequence number outside SND.UNA..SND.NXT is ignored (counted, the socket stays in SYN-SENT); one quoting the SYN fails the connect ECONNREFUSED at once; nothing answers on the wire',
  spec: [
    'RFC 1122 §4.2.3.9 (ICMP messages to TCP: Port Unreachable is a hard error; "SHOULD abort the connection")',
    'RFC 5927 §4.1 (TCP sequence number checking: act on an ICMP error only if the quoted sequence number is in SND.UNA..SND.NXT) and §5 (blind connection-reset attacks by ICMP hard errors)',
    'RFC 4443 §3.1 (ICMPv6 Destination Unreachable, code 4: port unreachable)',
    'Linux net/ipv4/tcp_ipv4.c tcp_v4_err() and net/ipv6/tcp_ipv6.c tcp_v6_err(): a quote with !between(seq, snd_una, snd_nxt) is counted (LINUX_MIB_OUTOFWINDOWICMPS) and dropped; in SYN_SENT an unreachable ends the attempt (tcp_done_with_error()) unless the socket is owned by the user',
    'Linux net/ipv4/icmp.c icmp_err_convert[] (ICMP_PORT_UNREACH: ECONNREFUSED, fatal) and net/ipv6/icmp.c icmpv6_err_convert() (ICMPV6_PORT_UNREACH: ECONNREFUSED)',
  ],
  tags: ['connect', 'icmp', 'injection', 'firewall'],
  topology: 'two-hosts',
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    // Unanswered, the SYN keeps the client in SYN_SENT (its first retransmission 1 s later) while the harness acts.
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', portOf: 'l', action: 'drop', label: "the server's host drops SYNs" },
    { role: 'client', op: 'connect', as: 'c', to: 'l', timeoutMs: 5000, background: true, label: 'client connects', expect: { error: 'ECONNREFUSED' } },
    // The SYN's seq is the client's SND.UNA: what the ICMP errors quote.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['SYN'] }, timeoutMs: 2000, label: 'the SYN is on the wire' },
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpExtOutOfWindowIcmps'], label: 'counters before' },
    { role: 'harness', op: 'icmp', to: 'client', code: 'port', offset: OUT_OF_WINDOW, label: 'an ICMP port-unreachable quoting SND.UNA + 1000 reaches the client' },
    // The kernel takes the ICMP inside inject's send (as an injected RST: rst/challenge-ack-rate-limit).
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpExtOutOfWindowIcmps'], label: 'the kernel counts it out of window', expect: { delta: { TcpExtOutOfWindowIcmps: 1 } } },
    { role: 'harness', op: 'sockets', expect: { clientState: 'SYN-SENT' }, label: 'the connect goes on' },
    { role: 'harness', op: 'icmp', to: 'client', code: 'port', offset: 0, label: 'an ICMP port-unreachable quoting the SYN reaches the client' },
    // Measured: the reply 0 ms (median) and at most 253 ms after the ICMP in 120 runs, every runtime and family; the bound keeps the negative control short.
    { role: 'harness', op: 'await', reply: 'client connects', timeoutMs: 1000, label: 'the connect returns' },
    { role: 'harness', op: 'sockets', expect: { connection: 'absent' }, label: 'the attempt is gone' },
  ],
  wire: [
    // The capture decodes TCP only: the two ICMP errors are not among the segments (the icmp steps' evidence names them).
    { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 1, why: 'the SYN went out; its retransmission follows 1 s later if the steps took that long' },
    { rule: 'absent', segment: { from: 'server' }, why: 'the firewall dropped every SYN: no SYN-ACK, no RST' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'an attempt ended by an ICMP error sends nothing' },
    { rule: 'absent', segment: { from: 'client', flags: ['ACK'] }, why: 'no handshake completes' },
  ],
  divergences: [
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD fails the connect at once too (ECONNREFUSED) while net.inet.tcp.icmp_may_rst is 1 (the default); with 0 the error is only a soft error and the connect goes on until its SYN retries end. The quote must be in snd_una <= seq < snd_max: a quote at SND.NXT, which Linux\'s between() takes, is ignored there',
      source: 'freebsd/freebsd-src sys/netinet/tcp_subr.c tcp_ctlinput() (icmp_may_rst && PRC_UNREACH_PORT: notify = tcp_drop_syn_sent; SEQ_GEQ(icmp_tcp_seq, snd_una) && SEQ_LT(icmp_tcp_seq, snd_max)), tcp_drop_syn_sent(), tcp_notify(); tcp(4) (icmp_may_rst)',
    },
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS as FreeBSD: with net.inet.tcp.icmp_may_rst 1 (the default) a port unreachable quoting a seq in snd_una..snd_max (exclusive) drops a connection in SYN_SENT with ECONNREFUSED',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_subr.c tcp_ctlinput() (icmp_may_rst, PRC_UNREACH_PORT: tcp_drop_syn_sent; SEQ_GEQ(icmp_tcp_seq, tp->snd_una) && SEQ_LT(icmp_tcp_seq, tp->snd_max)), tcp_drop_syn_sent()',
    },
  ],
  wrongNetwork: { skipStep: 'an ICMP port-unreachable quoting the SYN reaches the client', why: 'without the ICMP error that quotes the SYN, the connect waits on its SYN retries' },
});
