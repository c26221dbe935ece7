import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'A RST does not discard what was already received: the peer\'s data, then a RST exactly at RCV.NXT, arrive before the client reads; its reads return the buffered data first, then ECONNRESET',
  spec: ['RFC 9293 §3.10.7.4 (RST in ESTABLISHED: "any outstanding RECEIVEs and SEND should receive reset responses")', 'Linux net/ipv4/tcp.c tcp_recvmsg_locked(): the receive queue is read before sk_err', 'Linux net/ipv4/tcp_input.c tcp_reset()'],
  tags: ['close', 'rst', 'injection'],
  steps: [
    ...connected(),
    // Frozen (SIGSTOP, and seen stopped), the client's program cannot read anything until both the
    // data and the RST sit in its kernel socket: the order in which they arrive is then the only
    // thing under test, for every runtime (a Node program would otherwise read the data eagerly
    // between the two, and the case would race with its event loop).
    { role: 'harness', op: 'freeze', target: 'client', label: 'the client program is stopped' },
    { role: 'server', op: 'send', sock: 's', data: 'received before the reset', label: 'server sends' },
    // The injected RST's seq is RCV.NXT read off the capture: it must already hold the data
    // segment, or the RST would land inside the window, short of RCV.NXT, and only draw a
    // challenge ACK (RFC 5961).
    { role: 'harness', op: 'await', segment: { from: 'server', data: true }, label: 'the data is on the wire' },
    // The RST comes from the harness, as if from the server, so only the client's side is under
    // test (the server's socket stays ESTABLISHED and plays no further part).
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0, label: 'a RST from the peer, exactly at RCV.NXT' },
    { role: 'harness', op: 'thaw', target: 'client', label: 'the client program runs again' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the buffered data', expect: { data: 'received before the reset' } },
    { role: 'client', op: 'recv', sock: 'c', label: 'then the reset', expect: { error: 'ECONNRESET' } },
  ],
  wire: [
    // 50 ms: an answer to the RST would be sent while it is processed, inside the injection.
    { rule: 'silent-after', after: { from: 'server', flags: ['RST'] }, role: 'client', quietMs: 50, why: 'the RST is accepted and nothing answers it' },
  ],
  divergences: [
    {
      platform: 'win32',
      verified: false,
      reason: 'Windows discards received but unread data when a RST arrives: the first recv fails WSAECONNRESET',
      source: 'RFC 9293 §3.10.7.4 (on a RST in ESTABLISHED "all segment queues should be flushed", which Windows applies to received, unread data); Microsoft Learn, Winsock recv() (winsock2.h): WSAECONNRESET; unverified',
      steps: { 'client reads the buffered data': { error: 'ECONNRESET' } },
    },
  ],
  wrongNetwork: { skipStep: 'a RST from the peer, exactly at RCV.NXT', why: 'without the RST the client reads the data, then nothing more arrives' },
});
