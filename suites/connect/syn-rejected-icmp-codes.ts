import { defineCase } from '../../harness/index.ts';

// connect/syn-rejected-icmp with the other unreachable codes a firewall sends: the errno is the code's, and one of them is the family's.
export default defineCase(import.meta, {
  description: 'A firewall rejects SYNs with ICMP net-unreachable and with administratively-prohibited: connect() fails ENETUNREACH and EHOSTUNREACH at once over IPv4; over IPv6 ICMPv6 no-route is ENETUNREACH too, but administratively-prohibited is EACCES',
  spec: [
    'RFC 1122 §4.2.3.9 (ICMP messages to TCP); RFC 1812 §5.2.7.1 (code 13, communication administratively prohibited)',
    'RFC 4443 §3.1 (ICMPv6 destination unreachable: code 0 no route, code 1 administratively prohibited)',
    'Linux net/ipv4/icmp.c icmp_err_convert[] (ICMP_NET_UNREACH: ENETUNREACH; ICMP_PKT_FILTERED: EHOSTUNREACH) and net/ipv4/tcp_ipv4.c tcp_v4_err() (in SYN_SENT any unreachable ends the attempt)',
    'Linux net/ipv6/icmp.c icmpv6_err_convert() tab_unreach[] (ICMPV6_NOROUTE: ENETUNREACH; ICMPV6_ADM_PROHIBITED: EACCES) and net/ipv6/tcp_ipv6.c tcp_v6_err()',
  ],
  tags: ['connect', 'icmp', 'firewall'],
  topology: 'two-hosts',
  steps: [
    { role: 'server', op: 'listen', as: 'net' },
    { role: 'server', op: 'listen', as: 'admin' },
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', portOf: 'net', action: 'reject-net-unreachable', label: 'the firewall rejects SYNs to one port with net-unreachable' },
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', portOf: 'admin', action: 'reject-admin-prohibited', label: 'the firewall rejects SYNs to the other with administratively-prohibited' },
    // Bounded past one SYN retransmission (~1 s), as in connect/syn-rejected-icmp: an ICMP that meets the socket locked is a soft error until then.
    // Measured: over IPv4 each connect fails within 0.3 ms; over IPv6 after ~1.0 s (1003-1056 ms in 6 runs), on the SYN's retransmission: the
    // first ICMPv6 error meets the socket still held by connect() (TcpExtLockDroppedIcmps +1, tcp_v6_err() keeps it as sk_err_soft).
    { role: 'client', op: 'connect', as: 'c1', to: 'net', timeoutMs: 5000, label: 'client connects to the net-unreachable port', expect: { error: 'ENETUNREACH' } },
    { role: 'client', op: 'connect', as: 'c2', to: 'admin', timeoutMs: 5000, label: 'client connects to the prohibited port', expect: { error: 'EHOSTUNREACH' } },
  ],
  byFamily: {
    ipv6: {
      reason: 'ICMPv6 administratively prohibited (type 1 code 1) converts to EACCES, where IPv4\'s code 13 converts to EHOSTUNREACH; no-route is ENETUNREACH on both',
      source: 'Linux net/ipv6/icmp.c icmpv6_err_convert(): tab_unreach[ICMPV6_ADM_PROHIBITED] = { EACCES, 1 }; net/ipv4/icmp.c icmp_err_convert[ICMP_PKT_FILTERED] = { EHOSTUNREACH, 1 }',
      steps: { 'client connects to the prohibited port': { error: 'EACCES' } },
    },
  },
  divergences: [
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD fails the connect at once on administratively-prohibited only while net.inet.tcp.icmp_may_rst is 1 (the default); a net-unreachable before the connection is established is kept as a soft error and the connect goes on retransmitting its SYN, failing only once it has retransmitted more than three times and a second error arrives (or its SYN retries end)',
      source: 'freebsd/freebsd-src sys/netinet/tcp_subr.c tcp_ctlinput() (V_icmp_may_rst && cmd == PRC_UNREACH_ADMIN_PROHIB: notify = tcp_drop_syn_sent) and tcp_notify() (state before ESTABLISHED: tp->t_rxtshift > 3 && tp->t_softerror drops it, else t_softerror = error); tcp(4) (icmp_may_rst)',
    },
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS drops a connect in SYN-SENT on administratively-prohibited over both families while net.inet.tcp.icmp_may_rst is 1, with the errno of the IPv4 table for both: an ICMPv6 administratively prohibited does not become EACCES as on Linux; a net-unreachable goes to tcp_notify(), a soft error before the connection is established',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_subr.c tcp_ctlinput() and tcp6_ctlinput() (icmp_may_rst && cmd == PRC_UNREACH_ADMIN_PROHIB: notify = tcp_drop_syn_sent; both call (*notify)(inp, inetctlerrmap[cmd])) and tcp_notify()',
    },
  ],
  wire: [
    { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 2, why: 'a SYN to each port went out' },
    { rule: 'absent', segment: { from: 'server' }, why: 'no TCP answer at all: the rejections are ICMP messages' },
  ],
  wrongNetwork: { skipStep: 'the firewall rejects SYNs to the other with administratively-prohibited', why: 'without the rule the listener accepts the second connection' },
});
