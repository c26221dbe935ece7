import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Closing a socket the peer has already reset sends nothing, even with received data unread: the RST left it CLOSED, so close() has no connection to reset (qualifies close/unread-data-sends-rst)',
  spec: [
    'RFC 9293 §3.10.7.4 (RST in ESTABLISHED: enter CLOSED, delete the TCB)',
    'RFC 9293 §3.10.4 (CLOSE call in CLOSED: "error: connection does not exist")',
    'Linux net/ipv4/tcp.c __tcp_close(): a TCP_CLOSE socket goes to adjudge_to_death before the unread-data check that sends RST; net/ipv4/tcp_input.c tcp_reset() -> tcp_done()',
  ],
  tags: ['close', 'rst'],
  steps: [
    ...connected(),
    // On loopback send() returns after the bytes sit in the server's receive queue (as in
    // close/unread-data-sends-rst): the server holds them unread.
    { role: 'client', op: 'send', sock: 'c', data: 'bytes the server never reads', label: 'client sends' },
    { role: 'client', op: 'abort', sock: 'c', label: 'client aborts (SO_LINGER 0, close)' },
    // The RST has been processed when the kernel lists no socket on the connection: the server's
    // socket is CLOSED (unhashed by tcp_done()), not ESTABLISHED, before it closes.
    { role: 'harness', op: 'sockets', label: 'the reset has closed the server socket', expect: { connection: 'absent' } },
    { role: 'server', op: 'close', sock: 's', label: 'server closes with the data unread', expect: { ok: true } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the client\'s bytes, then its abort\'s RST',
      segments: [
        { from: 'client', data: true },
        { from: 'client', flags: ['RST'] },
      ],
    },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the close finds no connection to reset' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'nor one to finish' },
    { rule: 'count', segment: { from: 'server', notFlags: ['SYN'] }, min: 1, max: 1, why: 'after the handshake the server only acknowledges the bytes' },
  ],
  wrongPeer: { role: 'client', mode: 'abort-closes', why: 'a client whose abort is an orderly close sends FIN: the server socket is still there, and its close with the bytes unread sends RST' },
});
