import { connected } from '../../harness/case/connected.ts';
import { defineCase } from '../../harness/case/define-case.ts';

export default defineCase(import.meta, {
  description: 'After the peer closed cleanly, the first write succeeds (the dead socket answers it with RST) and the second fails EPIPE; a read after that returns EOF',
  spec: ['RFC 9293 §3.5.2 (reset generation: data for a closed connection)', 'RFC 9293 §3.10.7.4 (RST in CLOSE-WAIT)', 'Linux net/ipv4/tcp_input.c tcp_reset(): EPIPE in CLOSE_WAIT'],
  tags: ['headline', 'write', 'epipe'],
  steps: [
    ...connected(),
    { role: 'server', op: 'close', sock: 's', label: 'server closes cleanly' },
    // Waiting for the FIN to be read makes "the peer has closed" an observed fact, not a race
    // between the FIN and the next request on the client's event loop.
    { role: 'client', op: 'recv', sock: 'c', label: 'client sees the FIN', expect: { eof: true } },
    { role: 'client', op: 'send', sock: 'c', data: 'first', label: 'first write succeeds', expect: { ok: true } },
    // On loopback the RST that answers the first write is processed before send() returns.
    { role: 'client', op: 'send', sock: 'c', data: 'second', label: 'second write fails EPIPE', expect: { error: 'EPIPE', synthesized: false } },
    { role: 'client', op: 'recv', sock: 'c', label: 'a read after that returns EOF', expect: { eof: true } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'FIN, then the first write\'s data, answered by RST',
      segments: [
        { from: 'server', flags: ['FIN'] },
        { from: 'client', data: true },
        { from: 'server', flags: ['RST'] },
      ],
    },
  ],
  variants: [
    {
      name: 'allowHalfOpen',
      description: 'the client keeps its side open after the peer\'s FIN, so its writes reach the kernel (kernel-faithful Node)',
      runtimes: ['node'],
      options: { client: { allowHalfOpen: true } },
    },
  ],
  divergences: [
    {
      runtime: 'node',
      verified: true,
      reason: 'With the default allowHalfOpen: false, Node answers the peer\'s FIN by ending its own side; every later write fails with an EPIPE Node makes up ("This socket has been ended by the other party"): no syscall, nothing on the wire',
      source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets socket.write = writeAfterFIN; measured here',
      steps: {
        'first write succeeds': { error: 'EPIPE', synthesized: true },
        'second write fails EPIPE': { error: 'EPIPE', synthesized: true },
      },
      wire: [
        { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'Node ends its side on the peer\'s FIN' },
        { rule: 'absent', segment: { from: 'client', data: true }, why: 'the writes never reach the kernel' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
      ],
    },
  ],
  wrongPeer: { role: 'server', mode: 'close-half', why: 'a server that only shuts down its sending side keeps accepting data, so no write fails' },
});
