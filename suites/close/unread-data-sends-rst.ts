import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Closing a socket whose received data was never read sends RST instead of FIN; the peer\'s next read fails ECONNRESET, later reads return EOF',
  spec: ['RFC 9293 §3.6.1 (SHLD-3: RST on close with pending data)', 'RFC 2525 §2.17', 'RFC 1122 §4.2.2.13'],
  tags: ['headline', 'close', 'rst'],
  steps: [
    ...connected(),
    // The close below must find the bytes unread in the server's receive queue. On an idle machine's loopback send()
    // returns only after they sit there (Linux drivers/net/loopback.c loopback_xmit() queues the segment with netif_rx(),
    // and the receive softirq runs as net/core/dev.c __dev_queue_xmit() re-enables bottom halves, before send(2)
    // returns); with that softirq left to ksoftirqd (busy cores), or on another stack (gVisor's netstack, lwIP),
    // later: the server's ACK of them says they are there (pacing only).
    { role: 'client', op: 'send', sock: 'c', data: 'bytes the server never reads' },
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['ACK'], ack: 'rcv.nxt' }, pace: true, answering: { from: 'client', data: true }, timeoutMs: 1000, label: 'the server\'s kernel has the bytes' },
    { role: 'server', op: 'close', sock: 's', label: 'server closes with unread data' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the reset', expect: { error: 'ECONNRESET' } },
    { role: 'client', op: 'recv', sock: 'c', label: 'later reads return EOF', expect: { eof: true } },
  ],
  wire: [
    // Linux net/ipv4/tcp_output.c tcp_send_active_reset(): seq tcp_acceptable_seq() (SND.NXT), ack RCV.NXT.
    { rule: 'present', segment: { from: 'server', flags: ['RST', 'ACK'], seq: 'snd.nxt', ack: 'rcv.nxt' }, why: 'the close resets the connection: a RST+ACK at SND.NXT whose ack covers every byte received, the unread ones too' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'RST instead of FIN' },
  ],
  divergences: [
    {
      // Not macOS: XNU resets as Linux does. Its tcp_disconnect() (bsd/netinet/tcp_usrreq.c) begins
      // with `so->so_rcv.sb_cc != 0 || tp->t_reassqlen != 0` -> tcp_drop(tp, 0), and tcp_drop()
      // (bsd/netinet/tcp_subr.c) sets TCPS_CLOSED and calls tcp_output(), which sends RST+ACK.
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD\'s close does not look at unread data: tcp_disconnect() discards it and sends FIN, as after a drained read. A RST is sent only if more data arrives for the closed socket, which it does not here, so the client reads EOF',
      source: 'freebsd/freebsd-src sys/netinet/tcp_usrreq.c tcp_disconnect() (no unread-data test, unlike XNU: soisdisconnecting(), sbflush(&so->so_rcv), tcp_usrclosed(), then output: FIN); sys/netinet/tcp_input.c tcp_do_segment() ("If new data are received on a connection after the user processes are gone, then RST the other end")',
      steps: { 'client reads the reset': { eof: true } },
      wire: [
        { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'the close sends FIN, the unread data discarded' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'no data arrives after the close, so nothing draws a RST' },
      ],
    },
  ],
  wrongPeer: { role: 'server', mode: 'close-drains', why: 'a server that reads everything before closing sends FIN' },
});
