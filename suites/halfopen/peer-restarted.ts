import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'The peer is restarted with no state for the old connection: our next send is answered by a RST (seq = our ACK, no ACK flag), and the connection fails ECONNRESET; a later send fails EPIPE',
  spec: [
    'RFC 9293 §3.5.1 (half-open connections: the side that lost its state answers with a reset)',
    'RFC 9293 §3.10.7.2 (LISTEN: an ACK draws <SEQ=SEG.ACK><CTL=RST>)',
    'RFC 9293 §3.10.7.4 (a RST in ESTABLISHED: connection reset)',
    'Linux net/ipv4/tcp_input.c tcp_reset(): ECONNRESET in ESTABLISHED',
  ],
  tags: ['halfopen', 'rst'],
  topology: 'two-hosts',
  // "No state for the old connection" is what a rebooted host has. A killed process is not
  // enough: the kernel keeps its sockets as orphans and sends their FIN (or RST, with unread
  // data) itself, which would reach us. So, with the network cut, the server aborts its
  // connection (SO_LINGER 0 frees the state at once, no TIME_WAIT; its RST dies on the cut
  // link), the process dies, a fresh one listens on the same port, and the network comes back.
  // The client's link is the one taken down: the capture runs on the server's interface, and
  // taking that interface down ends the capture (its packet socket gets ENETDOWN, on which
  // capture.c exits). Either way the link between the hosts is dead while the server forgets.
  // The capture may still show the abort's RST+ACK leaving the server (the veth drops it at
  // the dead peer); the client's next send succeeding is the proof that it never arrived.
  steps: [
    ...connected(),
    { role: 'client', op: 'send', sock: 'c', data: 'before', label: 'the connection works' },
    // Read, so the abort below is not also "closing with unread data"; and it makes the
    // connection's establishment on the server an observed fact before the network is cut.
    { role: 'server', op: 'recvAll', sock: 's', bytes: 6, label: 'server reads it', expect: { data: 'before' } },
    { role: 'harness', op: 'link', host: 'client', state: 'down', label: 'the network between the hosts is cut' },
    { role: 'server', op: 'abort', sock: 's', label: 'the server forgets the connection' },
    { role: 'harness', op: 'kill', target: 'server', label: 'the server process dies' },
    { role: 'harness', op: 'restart', target: 'server', label: 'a fresh server process starts' },
    // The abort left no TIME_WAIT and the killed listener is gone, so the port is free.
    { role: 'server', op: 'listen', as: 'l2', portOf: 'l', label: 'it listens on the same port' },
    { role: 'harness', op: 'link', host: 'client', state: 'up', label: 'the network is back' },
    // Still ESTABLISHED for the client: the send only queues. (If the link is not carrying yet
    // the segment is retransmitted; the recv below waits for the outcome either way.)
    { role: 'client', op: 'send', sock: 'c', data: 'after', label: 'our next send succeeds', expect: { ok: true } },
    // Waiting in recv makes the RST's arrival an observed event, not a race with the next call.
    { role: 'client', op: 'recv', sock: 'c', label: 'the connection is reset', expect: { error: 'ECONNRESET' } },
    // The error is reported once; the socket is closed after it.
    { role: 'client', op: 'send', sock: 'c', data: 'again', label: 'a later send fails EPIPE', expect: { error: 'EPIPE', synthesized: false } },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the restarted host knows no connection: the listener answers the data with a RST whose seq is the data\'s ACK, without ACK flag (the abort\'s lost RST, if captured, carries ACK)',
      segments: [
        { from: 'client', data: true },
        { from: 'server', flags: ['RST'], notFlags: ['ACK'], seq: 'acked' },
      ],
    },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'the old connection never closed in order' },
  ],
  wrongNetwork: { skipStep: 'the network between the hosts is cut', why: 'with the network up, the abort\'s RST reaches the client, whose next send then fails at once' },
});
