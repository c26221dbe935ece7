import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Closing a socket whose received data was never read sends RST instead of FIN; the peer\'s next read fails ECONNRESET, later reads return EOF',
  spec: ['RFC 9293 §3.6.1 (SHLD-3: RST on close with pending data)', 'RFC 2525 §2.17', 'RFC 1122 §4.2.2.13'],
  tags: ['headline', 'close', 'rst'],
  steps: [
    ...connected(),
    // On loopback send() returns only after the bytes sit in the server's receive queue, so the
    // close below finds them unread; no wait is needed (measured here; Linux drivers/net/loopback.c
    // loopback_xmit() queues the segment with netif_rx(), and the receive softirq runs as
    // net/core/dev.c __dev_queue_xmit() re-enables bottom halves, before send(2) returns).
    { role: 'client', op: 'send', sock: 'c', data: 'bytes the server never reads' },
    { role: 'server', op: 'close', sock: 's', label: 'server closes with unread data' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the reset', expect: { error: 'ECONNRESET' } },
    { role: 'client', op: 'recv', sock: 'c', label: 'later reads return EOF', expect: { eof: true } },
  ],
  wire: [
    { rule: 'present', segment: { from: 'server', flags: ['RST', 'ACK'] }, why: 'the close resets the connection' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'RST instead of FIN' },
  ],
  divergences: [
    {
      // Not macOS: XNU sends RST as Linux does (bsd/netinet/tcp_usrreq.c tcp_disconnect(): unread data -> tcp_drop()).
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD flushes unread data and sends FIN when closing (RST only if more data arrives)',
      source: 'freebsd-src sys/netinet/tcp_usrreq.c tcp_disconnect(): sbflush(&so->so_rcv), tcp_usrclosed(), tcp_output() (unverified)',
      steps: { 'client reads the reset': { eof: true } },
      wire: [{ rule: 'present', segment: { from: 'server', flags: ['FIN'] } }],
    },
  ],
  wrongPeer: { role: 'server', mode: 'close-drains', why: 'a server that reads everything before closing sends FIN' },
});
