import { connected, defineCase } from '../../harness/index.ts';

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
    // The second write must come after the RST that answers the first. On an idle machine's loopback it is processed
    // before send() returns; with the receive softirq left to ksoftirqd (busy cores), or from another stack (gVisor's
    // netstack, lwIP: 0.08-73 ms later, measured), it comes later. Pacing only, and only when the data went out: where a
    // runtime refuses the first write itself (Node, Bun: made up after the FIN) nothing is sent and nothing answers.
    { role: 'harness', op: 'await', segment: { from: 'server', flags: ['RST'] }, pace: true, answering: { from: 'client', data: true }, timeoutMs: 1000, label: 'the RST comes before the second write' },
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
  wrongPeer: { role: 'server', mode: 'close-half', why: 'a server that only shuts down its sending side keeps accepting data, so no write fails' },
});
