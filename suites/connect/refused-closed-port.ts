import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'connect() to a loopback port with nothing listening fails ECONNREFUSED at once: the SYN is answered by RST+ACK',
  spec: ['RFC 9293 §3.5.2 (reset generation, group 1)', 'RFC 9293 §3.10.7.1 (CLOSED state: "<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>")'],
  tags: ['headline', 'connect', 'rst'],
  steps: [
    // Bound but not listening: the port is closed, and held so no other process can take it.
    { role: 'server', op: 'reserve', as: 'port' },
    { role: 'client', op: 'connect', as: 'c', to: 'port', label: 'client connects to the closed port', expect: { error: 'ECONNREFUSED' } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'a SYN to a closed port is answered by RST+ACK with seq 0 and ack = ISN+1',
      segments: [
        { from: 'client', flags: ['SYN'], notFlags: ['ACK'] },
        { from: 'server', flags: ['RST', 'ACK'], seq: 0, ack: 'isn+1' },
      ],
    },
    { rule: 'absent', segment: { from: 'server', flags: ['SYN'] }, why: 'nothing listens, so no SYN+ACK' },
  ],
  divergences: [
    {
      platform: 'win32',
      verified: false,
      reason: 'Windows retries the SYN for about 2 s on loopback before WSAECONNREFUSED, unless the runtime sets SIO_TCP_INITIAL_RTO (libuv does)',
      source: 'libuv src/win/tcp.c uv__tcp_try_connect(): SIO_TCP_INITIAL_RTO with TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS on loopback, and its comment ("fail instantly ... instead of waiting for 2s")',
    },
  ],
  wrongPeer: { role: 'server', mode: 'reserve-listens', why: 'a peer that listens on the "closed" port accepts the connection' },
});
