import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'shutdown(SHUT_WR) then an abortive close (SO_LINGER {1, 0}): the FIN goes out first, then the abort\'s RST, a RST+ACK whose sequence number is SND.NXT after the FIN (FIN + 1); no TIME_WAIT or FIN_WAIT2 is left',
  spec: [
    'RFC 9293 §3.10.5 (ABORT call: send a reset with the current SND.NXT)',
    'RFC 9293 §3.10.7.1 (RST format)',
    'Linux net/ipv4/tcp.c __tcp_close(): SO_LINGER 0 -> tcp_disconnect() -> tcp_send_active_reset(), whose seq is tcp_acceptable_seq() (SND.NXT, past the FIN)',
  ],
  tags: ['close', 'rst'],
  steps: [
    ...connected(),
    // Stopped, the client program cannot answer the FIN with its own (a runtime that reads eagerly
    // and ends its side on EOF would, racing the abort); only its kernel ACKs.
    { role: 'harness', op: 'freeze', target: 'client', label: 'the client program is stopped' },
    { role: 'server', op: 'shutdown', sock: 's', how: 'write', label: 'server shuts down its sending side (FIN)' },
    // The client's kernel acknowledges the FIN: from then the server's SND.NXT is past it, and the
    // RST's seq can be read off that ACK.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], notFlags: ['RST', 'FIN'] }, label: 'the client acknowledges the FIN' },
    { role: 'server', op: 'abort', sock: 's', label: 'server aborts (SO_LINGER 0, close)' },
    { role: 'harness', op: 'sockets', label: 'nothing is left of the connection', expect: { connection: 'absent' } },
    { role: 'harness', op: 'thaw', target: 'client', label: 'the client program runs again' },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the shutdown\'s FIN, then the abort\'s RST at SND.NXT (the FIN\'s sequence number + 1, which the client\'s ACK acknowledged), acknowledging the client\'s ISN + 1 (RCV.NXT: it sent no data)',
      segments: [
        { from: 'server', flags: ['FIN'] },
        { from: 'server', flags: ['RST', 'ACK'], seq: 'acked', ack: 'isn+1' },
      ],
    },
    // Counted as RST+ACK: should the server's kernel take the client's ACK of the FIN only after the abort (its softirq
    // delayed under load: once in a full run at load ~20, the ACK on the wire 1 ms before the abort), that ACK finds no
    // connection and draws the stack's own bare RST (seq = its ack, no ACK flag; tcp_v4_send_reset()), a reply to a
    // segment rather than a second abort. 40 of 40 runs without load sent the one RST+ACK alone.
    { rule: 'count', segment: { from: 'server', flags: ['RST', 'ACK'] }, min: 1, max: 1, why: 'one RST+ACK, from the abort' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing answers a RST' },
    { rule: 'absent', segment: { from: 'client', flags: ['FIN'] }, why: 'the client never closed its side' },
  ],
  wrongPeer: { role: 'server', mode: 'abort-closes', why: 'a server whose abort is an orderly close sends no RST after its FIN' },
});
