import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Negative control of close/unread-data-sends-rst: a server that read everything closes with FIN, even after the data and the FIN arrive again (retransmitted, its ACKs lost); the peer reads a clean EOF and nobody sends RST',
  spec: ['RFC 9293 §3.6 (closing a connection)', 'RFC 9293 §3.6.1'],
  tags: ['close', 'control'],
  steps: [
    ...connected(),
    // The server's ACKs never leave its host (on loopback, one namespace, the client's neither), so the client's
    // retransmission timer sends the data and its FIN again.
    { role: 'harness', op: 'firewall', host: 'server', chain: 'output', match: 'bare-ack', action: 'drop', label: 'a firewall drops the server\'s bare ACKs' },
    { role: 'client', op: 'send', sock: 'c', data: 'all of it' },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 9, label: 'server reads everything', expect: { data: 'all of it' } },
    // Stopped, the server program cannot answer the FIN before the retransmission arrives (Node and Bun, with
    // allowHalfOpen false, end their side as soon as they read it: that FIN would acknowledge everything).
    { role: 'harness', op: 'freeze', target: 'server', label: 'the server program is stopped' },
    { role: 'client', op: 'shutdown', sock: 'c', how: 'write', label: 'client sends its FIN' },
    // The retransmission that matters comes after the FIN. Under load the steps from the send to here can outlast the
    // tail loss probe (~60 ms), whose data alone, before the FIN, the await below took for it (java nio, two busy
    // loops): so the FIN first, and the await then sees only what was sent after it.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['FIN'] }, label: 'the client\'s FIN is on the wire' },
    // At the RTO (≥ 200 ms, tcp_rto_min; ~270 ms here, after a tail loss probe of the FIN alone at ~60 ms) the
    // data goes again; Linux net/ipv4/tcp_output.c tcp_retrans_try_collapse() joins the FIN to it in most runs
    // (unless tcp_can_collapse() refuses, e.g. while the FIN's buffer is still cloned: 2 of 130 runs here sent the data alone).
    { role: 'harness', op: 'await', segment: { from: 'client', data: true }, timerMs: 200, label: 'the data arrives again (with the FIN), after the read' },
    { role: 'harness', op: 'thaw', target: 'server', label: 'the server program runs again' },
    { role: 'server', op: 'recv', sock: 's', label: 'server reads the EOF', expect: { eof: true } },
    { role: 'server', op: 'close', sock: 's', label: 'server closes with nothing unread' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads a clean EOF', expect: { eof: true } },
    { role: 'client', op: 'close', sock: 'c', label: 'client closes too' },
  ],
  wire: [
    {
      rule: 'sequence',
      why: 'the duplicate data (and FIN), already read, change nothing: an orderly close acknowledging them',
      segments: [
        { from: 'client', flags: ['FIN'] },
        { from: 'client', data: true },
        { from: 'server', flags: ['FIN'], seq: 'snd.nxt', ack: 'rcv.nxt' },
      ],
    },
    { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'FIN both ways' },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
  ],
  wrongPeer: { role: 'server', mode: 'close-aborts', why: 'a server that aborts (SO_LINGER 0) resets instead' },
});
