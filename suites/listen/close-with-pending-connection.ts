import { defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Closing a listener resets the connections completed in its accept queue but never accepted: the client\'s read fails ECONNRESET',
  spec: ['RFC 9293 §3.10.4 (CLOSE in LISTEN: pending requests get "connection reset")', 'Linux net/ipv4/inet_connection_sock.c inet_csk_listen_stop(): inet_child_forget() → tcp_disconnect() sends RST'],
  tags: ['listen', 'close', 'rst'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    // connect() returns once the client has sent its ACK; on loopback the server's kernel handles
    // that ACK inside the client's connect() and queues the completed connection for accept.
    { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'client connects (nobody accepts)' },
    // Under load (the receive softirq left to ksoftirqd) that ACK may be handled later: the close must come after it.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], notFlags: ['SYN', 'FIN', 'RST'] }, pace: true, timeoutMs: 1000, label: 'the handshake\'s last ACK is on the wire' },
    { role: 'server', op: 'close', sock: 'l', label: 'server closes the listener' },
    // The RST is sent inside the listener's close(), so the kernel's answer is immediate; 500 ms
    // only bounds the wait where nothing comes (Node, which already accepted the connection).
    { role: 'client', op: 'recv', sock: 'c', timeoutMs: 500, label: 'client reads the reset', expect: { error: 'ECONNRESET' } },
  ],
  wire: [
    { rule: 'present', segment: { from: 'server', flags: ['RST', 'ACK'], seq: 'acked' }, why: 'the queued connection is reset, at the sequence number the client acknowledged' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'reset, not closed in order' },
  ],
  wrongPeer: { role: 'server', mode: 'accept-before-listener-close', why: 'a server that accepts the waiting connection before closing its listener (as Node does) resets nothing' },
});
