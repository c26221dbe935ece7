import { defineCase } from '../../harness/case/define-case.ts';

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
  divergences: [
    {
      platform: 'win32',
      runtime: 'c',
      verified: false,
      reason: 'Windows does not give up at the first RST: it retries the SYN (about 2 s on loopback, each retry answered by another RST) before connect() fails WSAECONNREFUSED',
      source: 'SCENARIOS.md platform notes; libuv src/win/tcp.c uv__tcp_try_connect() comment ("fail instantly ... instead of waiting for 2s") (unverified)',
      wire: [
        { rule: 'count', segment: { from: 'client', flags: ['SYN'] }, min: 2, why: 'the SYN is retried' },
        { rule: 'count', segment: { from: 'server', flags: ['RST', 'ACK'], seq: 0 }, min: 2, why: 'each SYN is answered by its own RST+ACK' },
      ],
    },
    {
      platform: 'win32',
      runtime: 'node',
      verified: false,
      reason: 'libuv sets SIO_TCP_INITIAL_RTO with TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS on loopback connects (Windows 10.0.16299 and later), so Node\'s SYN is not retried and the wire matches Linux; older Windows retries as a C program does',
      source: 'libuv src/win/tcp.c uv__tcp_try_connect() (uv__is_fast_loopback_fail_supported, uv__is_loopback) (unverified)',
    },
  ],
  wrongPeer: { role: 'server', mode: 'reserve-listens', why: 'a peer that listens on the "closed" port answers the SYN with SYN+ACK, and no RST is sent' },
});
