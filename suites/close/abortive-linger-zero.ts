import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'An abortive close (SO_LINGER {on, 0}, then close) after data was delivered sends RST+ACK instead of FIN: the peer, having read that data, gets ECONNRESET (not EOF); no TIME_WAIT is left behind',
  spec: ['RFC 9293 §3.10.5 (ABORT call)', 'RFC 9293 §3.5.3 (reset processing)', 'POSIX close(2) with SO_LINGER l_linger 0', 'Linux net/ipv4/tcp.c __tcp_close(): sk->sk_linger && !sk->sk_lingertime → tcp_disconnect()'],
  tags: ['close', 'rst'],
  steps: [
    ...connected(),
    { role: 'server', op: 'send', sock: 's', data: 'delivered before the abort', label: 'server sends' },
    // The client reads the data before the abort: then its next read can only meet the RST. Reading
    // it after the RST is close/rst-keeps-received-data; there, a runtime that reads eagerly (Node)
    // may or may not have read it before the RST arrived, which makes the outcome a race.
    { role: 'client', op: 'recvAll', sock: 'c', bytes: 26, label: 'client reads what had arrived', expect: { data: 'delivered before the abort' } },
    { role: 'server', op: 'abort', sock: 's', label: 'server aborts (SO_LINGER 0, close)' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the reset', expect: { error: 'ECONNRESET' } },
    { role: 'harness', op: 'sockets', label: 'no TIME_WAIT is left', expect: { connection: 'absent' } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the data, then the abort\'s RST+ACK',
      segments: [
        { from: 'server', data: true },
        // Linux net/ipv4/tcp.c tcp_disconnect() → tcp_send_active_reset(): seq SND.NXT (past the data), ack RCV.NXT.
        { from: 'server', flags: ['RST', 'ACK'], seq: 'snd.nxt', ack: 'rcv.nxt' },
      ],
    },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'an abort sends no FIN' },
  ],
  divergences: [
    {
      platform: 'win32',
      verified: false,
      reason: 'Windows reports the abort as WSAECONNRESET as well, but may discard data the peer had received and not yet read when the RST arrives; here the data was read before the abort, so only the error\'s name differs (see close/rst-keeps-received-data for unread data)',
      source: 'Microsoft Learn, Winsock recv() (winsock2.h): WSAECONNRESET when the remote side executes a hard or abortive close; RFC 9293 §3.10.7.4 (on a RST "all segment queues should be flushed", which Windows applies to received data); unverified',
    },
  ],
  wrongPeer: { role: 'server', mode: 'abort-closes', why: 'a server whose abort is an orderly close sends FIN: the client reads the data, then a clean EOF' },
});
