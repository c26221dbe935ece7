import { defineCase } from '../../harness/index.ts';

// The ICMP half of connect/syn-rejected (see that file for why it is a file of its own).
export default defineCase(import.meta, {
  description: 'A firewall rejects SYNs with an ICMP host-unreachable: connect() fails EHOSTUNREACH at once; no TCP segment answers the SYN, and the attempt is gone: a late SYN-ACK draws a RST',
  spec: [
    'RFC 1122 §4.2.3.9 (ICMP messages to TCP)',
    'RFC 5461 (TCP\'s reaction to soft errors)',
    'Linux net/ipv4/tcp_ipv4.c tcp_v4_err(): in SYN_SENT an ICMP unreachable ends the attempt (tcp_done_with_error()) unless the socket is owned by the user',
    'RFC 9293 §3.10.7.1 (segment arrives in CLOSED: with ACK on, <SEQ=SEG.ACK><CTL=RST>); Linux net/ipv4/tcp_ipv4.c tcp_v4_send_reset()',
  ],
  tags: ['connect', 'icmp', 'firewall'],
  topology: 'two-hosts',
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', portOf: 'l', action: 'reject-host-unreachable', label: 'the firewall rejects SYNs with ICMP host-unreachable' },
    // Measured: EHOSTUNREACH within ~1 ms (C) and ~3-25 ms (Node) after one SYN, in 18 runs
    // each. Should the ICMP ever arrive while connect() still holds the socket lock,
    // tcp_v4_err() keeps it as a soft error and the verdict comes with the SYN retransmitted
    // ~1 s later: the wait is bounded past that, and the SYN count has no upper bound. Over IPv6 that is what happens every
    // time: EHOSTUNREACH 1010-1012 ms after the SYN (3 C runs), on its retransmission (see connect/syn-rejected-icmp-codes).
    { role: 'client', op: 'connect', as: 'c', to: 'l', timeoutMs: 5000, label: 'client connects', expect: { error: 'EHOSTUNREACH' } },
    // The SYN-ACK the rejected SYN never got, acknowledging it: a socket still in SYN_SENT would complete the handshake with an ACK.
    { role: 'harness', op: 'inject', to: 'client', flags: ['SYN', 'ACK'], offset: 0, label: 'a late SYN-ACK reaches the client' },
    // Sent while the SYN-ACK is processed, inside inject's own send (waited 0.1 ms median, 7.9 ms at most, in 60
    // runs on every runtime); 500 ms covers a scheduler hiccup and keeps the negative control short.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['RST'] }, timeoutMs: 500, label: 'the client answers it with a RST' },
  ],
  wire: [
    // The capture decodes TCP only: the ICMP destination-unreachable (type 3, code 1) that
    // answers the SYN is not among the segments, so what is asserted is the TCP side of it.
    { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 1, why: 'the SYN went out' },
    { rule: 'absent', segment: { from: 'server', injected: false }, why: 'no TCP answer at all: no SYN+ACK, no RST (the rejection is an ICMP message)' },
    // No socket matches: the stack's reset for a segment in CLOSED, no ACK flag, seq = the SYN-ACK's ack.
    { rule: 'present', segment: { from: 'client', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' }, why: 'the attempt is gone: nothing is left to complete the handshake' },
    { rule: 'absent', segment: { from: 'client', flags: ['ACK'], notFlags: ['RST'] }, why: 'no ACK completes the handshake' },
  ],
  wrongNetwork: { skipStep: 'the firewall rejects SYNs with ICMP host-unreachable', why: 'without the rule the listener accepts the connection' },
});
