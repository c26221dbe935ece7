import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'The peer closed with our data unread, so its RST reached us while ESTABLISHED: our first write fails ECONNRESET (the pending error), the second EPIPE; neither reaches the wire',
  spec: ['RFC 9293 §3.10.7.4 (RST in ESTABLISHED: "any outstanding RECEIVEs and SEND should receive reset responses")', 'RFC 9293 §3.6.1 (SHLD-3: RST on close with pending data)', 'Linux net/ipv4/tcp_input.c tcp_reset(): ECONNRESET outside SYN_SENT and CLOSE_WAIT; net/ipv4/tcp.c tcp_sendmsg_locked(): sk_err first, then EPIPE once SEND_SHUTDOWN'],
  tags: ['write', 'rst', 'epipe'],
  steps: [
    ...connected(),
    // The close below must find the bytes in the server's receive queue. On an idle machine's loopback send() returns
    // only after they sit there (Linux drivers/net/loopback.c loopback_xmit() queues the segment with netif_rx(), and
    // the receive softirq runs before send(2) returns); with that softirq left to ksoftirqd (busy cores), or on another
    // stack (gVisor's netstack, lwIP), later: the server's ACK of them says they are there (pacing only).
    { role: 'client', op: 'send', sock: 'c', data: 'bytes the server never reads', label: 'client sends' },
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['ACK'], ack: 'rcv.nxt' }, pace: true, answering: { from: 'client', data: true }, timeoutMs: 1000, label: 'the server\'s kernel has the bytes' },
    // The client is reset before its next request, with no read of its own in between. A runtime that reads
    // eagerly (Node) meets the RST, or the FIN, on its own read; the divergences below hold when
    // it handles that pending event before the next request (see their reasons).
    { role: 'server', op: 'close', sock: 's', label: 'server closes with unread data' },
    // The close's segment (its RST, or the FIN of a server that had read the bytes) reaches the client before its
    // write: inside close(2) on an idle loopback, later under load or from another stack (pacing only).
    { role: 'harness', op: 'await', segment: { from: 'server', data: false }, pace: true, timeoutMs: 1000, label: 'the close\'s segment comes before the first write' },
    { role: 'client', op: 'send', sock: 'c', data: 'first', label: 'first write fails ECONNRESET', expect: { error: 'ECONNRESET', synthesized: false } },
    // Where the close sent FIN (the divergences below), the first write's data draws the RST the second write meets.
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true, answering: { from: 'client', data: true }, timeoutMs: 1000, label: 'the RST the first write drew comes before the second' },
    { role: 'client', op: 'send', sock: 'c', data: 'second', label: 'second write fails EPIPE', expect: { error: 'EPIPE', synthesized: false } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the client\'s bytes, then the close\'s RST',
      segments: [
        { from: 'client', data: true },
        { from: 'server', flags: ['RST', 'ACK'] },
      ],
    },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'RST instead of FIN' },
    { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 1, why: 'the failed writes put nothing on the wire' },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing answers a RST' },
  ],
  divergences: [
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS resets on a close with unread data as Linux does, but reports the write to the reset socket as EPIPE, not ECONNRESET: the RST stores ECONNRESET in so_error and tcp_close() marks the socket SS_CANTSENDMORE, and sosendcheck() tests SS_CANTSENDMORE (EPIPE) before so_error',
      source: 'apple-oss-distributions/xnu bsd/netinet/tcp_usrreq.c tcp_disconnect() (unread data: tcp_drop(), RST); bsd/netinet/tcp_input.c tcp_input() (RST in ESTABLISHED: so_error = ECONNRESET, tcp_close()); bsd/kern/uipc_socket2.c soisdisconnected() (SS_CANTSENDMORE); bsd/kern/uipc_socket.c sosendcheck() (SS_CANTSENDMORE: EPIPE, before so_error)',
      steps: { 'first write fails ECONNRESET': { error: 'EPIPE' } },
    },
    {
      platform: 'freebsd',
      verified: false,
      reason: 'FreeBSD\'s close sends FIN even with unread data (see close/unread-data-sends-rst), so the client\'s first write succeeds and its data, reaching a closed socket, draws the RST; the second write then fails EPIPE, since sosend_generic() tests SBS_CANTSENDMORE before so_error',
      source: 'freebsd/freebsd-src sys/netinet/tcp_usrreq.c tcp_disconnect() (no unread-data test: FIN); sys/netinet/tcp_input.c tcp_do_segment() (data after the user process is gone: RST); sys/kern/uipc_socket.c sosend_generic() (SBS_CANTSENDMORE: EPIPE, before so_error)',
      steps: { 'first write fails ECONNRESET': { ok: true } },
      wire: [
        {
          rule: 'sequence',
          why: 'the close\'s FIN, the client\'s first write, then the RST its data draws',
          segments: [
            { from: 'server', flags: ['FIN'] },
            { from: 'client', data: true },
            { from: 'server', flags: ['RST'] },
          ],
        },
      ],
    },
  ],
  wrongPeer: { role: 'server', mode: 'close-drains', why: 'a server that reads everything before closing sends FIN: the client\'s first write succeeds and draws the RST' },
});
