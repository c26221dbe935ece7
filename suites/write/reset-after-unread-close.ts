import { connected } from '../../harness/case/connected.ts';
import { defineCase } from '../../harness/case/define-case.ts';

export default defineCase(import.meta, {
  description: 'The peer closed with our data unread, so its RST reached us while ESTABLISHED: our first write fails ECONNRESET (the pending error), the second EPIPE; neither reaches the wire',
  spec: ['RFC 9293 §3.10.7.4 (RST in ESTABLISHED: "any outstanding RECEIVEs and SEND should receive reset responses")', 'RFC 9293 §3.6.1 (SHLD-3: RST on close with pending data)', 'Linux net/ipv4/tcp_input.c tcp_reset(): ECONNRESET outside SYN_SENT and CLOSE_WAIT; net/ipv4/tcp.c tcp_sendmsg_locked(): sk_err first, then EPIPE once SEND_SHUTDOWN'],
  tags: ['write', 'rst', 'epipe'],
  steps: [
    ...connected(),
    // On loopback send() returns only after the bytes sit in the server's receive queue, so the
    // close below finds them unread (SCENARIOS.md, timing facts).
    { role: 'client', op: 'send', sock: 'c', data: 'bytes the server never reads', label: 'client sends' },
    // The RST is sent and processed by the client's socket inside this close(2): the client is
    // reset before its next request, with no read of its own in between. A runtime that reads
    // eagerly (Node) meets the RST, or the FIN, on its own read; the divergences below hold when
    // it handles that pending event before the next request (see their reasons).
    { role: 'server', op: 'close', sock: 's', label: 'server closes with unread data' },
    { role: 'client', op: 'send', sock: 'c', data: 'first', label: 'first write fails ECONNRESET', expect: { error: 'ECONNRESET', synthesized: false } },
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
  variants: [
    {
      name: 'pauseOnConnect',
      description: 'the server does not read until asked, as a C program would not, so its close sends RST (kernel-faithful Node)',
      runtimes: ['node'],
      options: { server: { pauseOnConnect: true } },
    },
  ],
  divergences: [
    {
      runtime: 'node',
      verified: true,
      reason: 'Node\'s server reads the bytes eagerly, so its close sends FIN, not RST. The client\'s own eager read meets that FIN before the write request is handled, and with the default allowHalfOpen: false Node ends its side (client FIN) and swaps socket.write for writeAfterFIN: both writes get an EPIPE Node made up, nothing reaches the wire, and no RST is ever sent',
      source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets this.write = writeAfterFIN, which builds the "This socket has been ended by the other party" EPIPE with no syscall; server onconnection() reads unless pauseOnConnect; measured here',
      steps: {
        'first write fails ECONNRESET': { error: 'EPIPE', synthesized: true },
        'second write fails EPIPE': { error: 'EPIPE', synthesized: true },
      },
      wire: [
        { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'the eager read left nothing unread: an orderly close' },
        { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'Node ends its side on the peer\'s FIN' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
        { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 1, why: 'the writes never reach the kernel' },
      ],
    },
    {
      runtime: 'node',
      variant: 'pauseOnConnect',
      verified: true,
      reason: 'The RST is as the kernel has it, but the client program never sees it through a write: Node\'s client reads eagerly, its read(2) returns ECONNRESET first (emitted as \'error\', syscall read) and Node destroys the socket, so both writes then fail ERR_STREAM_DESTROYED, made up by Node\'s Writable (no errno, no syscall)',
      source: 'nodejs/node lib/internal/stream_base_commons.js onStreamRead(): stream.destroy(new ErrnoException(nread, \'read\')); lib/internal/streams/writable.js _write(): kDestroyed → ERR_STREAM_DESTROYED(\'write\'); measured here',
      steps: {
        'first write fails ECONNRESET': { error: null, errorName: 'ERR_STREAM_DESTROYED', synthesized: true },
        'second write fails EPIPE': { error: null, errorName: 'ERR_STREAM_DESTROYED', synthesized: true },
      },
    },
    {
      platform: 'darwin',
      verified: false,
      reason: 'macOS/FreeBSD report a write to a reset socket as EPIPE, not ECONNRESET: tcp_drop() stores ECONNRESET in so_error, but sosend() checks SBS_CANTSENDMORE (set by the disconnect) before so_error',
      source: 'SCENARIOS.md platform notes ("macOS: EPIPE"); FreeBSD sys/kern/uipc_socket.c sosend_generic() (unverified)',
      steps: { 'first write fails ECONNRESET': { error: 'EPIPE' } },
    },
  ],
  wrongPeer: { role: 'server', mode: 'close-drains', why: 'a server that reads everything before closing sends FIN: the client\'s first write succeeds and draws the RST' },
});
