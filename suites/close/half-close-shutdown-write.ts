import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Half-close: after the client\'s shutdown(SHUT_WR) the server reads EOF and can still reply; the client reads the reply, then EOF; FIN both ways, no RST',
  spec: ['RFC 9293 §3.6 (closing: "CLOSE means I have no more to send", the other side may keep sending)', 'RFC 9293 §3.10.7.4 (FIN-WAIT-2: data is processed)', 'POSIX shutdown(2) SHUT_WR'],
  tags: ['close', 'half-close'],
  steps: [
    ...connected(),
    { role: 'client', op: 'send', sock: 'c', data: 'request', label: 'client sends a request' },
    { role: 'client', op: 'shutdown', sock: 'c', how: 'write', label: 'client shuts down its sending side' },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 7, label: 'server reads the request', expect: { data: 'request' } },
    { role: 'server', op: 'recv', sock: 's', label: 'server reads EOF', expect: { eof: true } },
    { role: 'server', op: 'send', sock: 's', data: 'reply', label: 'server still replies', expect: { ok: true } },
    // The server read everything, so its close sends FIN (not RST).
    { role: 'server', op: 'close', sock: 's', label: 'server closes' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the reply', expect: { data: 'reply' } },
    { role: 'client', op: 'recv', sock: 'c', label: 'then EOF', expect: { eof: true } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the client\'s FIN, the server\'s reply after it, then the server\'s FIN',
      segments: [
        { from: 'client', flags: ['FIN'] },
        { from: 'server', data: true },
        { from: 'server', flags: ['FIN'] },
      ],
    },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
  ],
  wrongPeer: { role: 'client', mode: 'shutdown-both', why: 'a client that shuts down both directions cannot read the reply' },
});
