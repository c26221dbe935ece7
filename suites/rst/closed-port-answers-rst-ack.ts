import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'The RST answering a SYN to a closed port, as captured: exactly one RST+ACK, seq 0 and ack = the SYN\'s ISN + 1, no payload; the SYN is not retried and nothing follows it',
  spec: ['RFC 9293 §3.10.7.1 (CLOSED state: "If the ACK bit is off, sequence number zero is used, <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"; a SYN counts as one)', 'RFC 9293 §3.5.2 (reset generation, group 1)', 'Linux net/ipv4/tcp_ipv4.c tcp_v4_send_reset()'],
  tags: ['rst', 'connect', 'capture'],
  steps: [
    // Bound but not listening: the port is closed, and held so no other process can take it
    // (Node cannot hold it: it reports held: false, see PROTOCOL.md).
    { role: 'server', op: 'reserve', as: 'port' },
    // connect() returns only once the RST has been processed: every segment below was captured
    // before the step ends, so no wait is needed for the wire rules.
    { role: 'client', op: 'connect', as: 'c', to: 'port', label: 'client connects to the closed port', expect: { error: 'ECONNREFUSED' } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the SYN, then the RST that answers it',
      segments: [
        { from: 'client', flags: ['SYN'], notFlags: ['ACK'] },
        { from: 'server', flags: ['RST', 'ACK'], seq: 0, ack: 'isn+1', data: false },
      ],
    },
    { rule: 'count', segment: { from: 'server', flags: ['RST'] }, min: 1, max: 1, why: 'exactly one RST: the one above, in the RFC 9293 §3.10.7.1 form' },
    { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 1, max: 1, why: 'Linux gives up at the first RST: the SYN is not retried' },
    { rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: 'nothing listens, so no SYN+ACK' },
    // 50 ms: a retried SYN or an answer to the RST would be sent while the RST is processed,
    // before connect() returns; the wait only covers a scheduler hiccup.
    { rule: 'silent-after', after: { from: 'server', flags: ['RST'] }, role: 'client', quietMs: 50, why: 'the refused client sends nothing more: no retry, no reply to the RST' },
  ],
  wrongPeer: { role: 'server', mode: 'reserve-listens', why: 'a peer that listens on the "closed" port answers the SYN with SYN+ACK, and no RST is sent' },
});
