import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'A RST is never acknowledged: after it, the receiver sends nothing at all, and its socket goes straight to CLOSED (no TIME_WAIT, nothing left in ss)',
  spec: ['RFC 9293 §3.10.7.4 (segment arrives: "if the RST bit is set ... enter CLOSED"; no ACK is sent for a RST)', 'RFC 9293 §3.5.3 (reset processing)', 'RFC 1337'],
  tags: ['headline', 'rst'],
  steps: [
    ...connected(),
    { role: 'server', op: 'abort', sock: 's', label: 'server aborts (SO_LINGER 0, close)' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the reset', expect: { error: 'ECONNRESET' } },
    { role: 'harness', op: 'sockets', label: 'no socket is left on the connection', expect: { connection: 'absent' } },
  ],
  wire: [
    // Linux net/ipv4/tcp_output.c tcp_send_active_reset(): RST+ACK, seq SND.NXT, ack RCV.NXT (RFC 9293 §3.10.7.1 ABORT: <SEQ=SND.NXT><CTL=RST>).
    { rule: 'present', segment: { from: 'server', flags: ['RST', 'ACK'], seq: 'snd.nxt', ack: 'rcv.nxt' }, why: 'the abort resets the connection with a RST+ACK carrying its numbers' },
    // 50 ms: on loopback an answer to the RST would be sent while the RST is processed, long
    // before the steps above finish; the wait only covers a scheduler hiccup.
    { rule: 'silent-after', after: { from: 'server', flags: ['RST'] }, role: 'client', quietMs: 50, why: 'nothing answers a RST' },
  ],
  wrongPeer: { role: 'server', mode: 'abort-closes', why: 'a server whose abort is an orderly close sends FIN, and the client acknowledges it' },
});
