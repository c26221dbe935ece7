import { defineCase } from '../../harness/index.ts';

// connect/syn-rejected is two files: this one (REJECT with tcp-reset) and
// connect/syn-rejected-icmp (REJECT with ICMP host-unreachable). A segment pattern cannot name
// a port, so with both rules in one case the wire rules could not tell the two connections
// apart: "no TCP answer at all" for the ICMP one could not be asserted beside this one's RST.
export default defineCase(import.meta, {
  description: 'A firewall rejects SYNs with a TCP reset: connect() fails ECONNREFUSED at once, exactly as at a closed port; the listener never sees the SYN',
  spec: [
    'RFC 9293 §3.10.7.3 (SYN-SENT: an acceptable RST: "error: connection reset", drop the segment, enter CLOSED)',
    'Linux net/ipv4/tcp_input.c tcp_reset(): ECONNREFUSED in SYN_SENT',
    'Linux net/ipv4/netfilter/nf_reject_ipv4.c nf_send_reset() (nft "reject with tcp reset")',
  ],
  tags: ['connect', 'rst', 'firewall'],
  topology: 'two-hosts',
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    // In the server's input hook, ahead of the socket: the listener is there but never sees the SYN.
    { role: 'harness', op: 'firewall', host: 'server', chain: 'input', match: 'syn', portOf: 'l', action: 'reject-tcp-reset', label: 'the firewall rejects SYNs with a reset' },
    // Measured: ECONNREFUSED within ~1 ms (C) and ~3 ms (Node), one SYN.
    { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'client connects', expect: { error: 'ECONNREFUSED' } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'netfilter builds its reset as a closed port does: RST+ACK, seq 0, ack = ISN+1',
      segments: [
        { from: 'client', flags: ['SYN'], notFlags: ['ACK'] },
        { from: 'server', flags: ['RST', 'ACK'], seq: 0, ack: 'isn+1' },
      ],
    },
    { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 1, max: 1, why: 'the reset ends the attempt: no SYN retransmission' },
    { rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: 'the listener never sees the SYN, so no SYN+ACK' },
  ],
  wrongNetwork: { skipStep: 'the firewall rejects SYNs with a reset', why: 'without the rule the listener accepts the connection' },
});
