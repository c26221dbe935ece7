import { defineCase } from '../../harness/case/define-case.ts';

export default defineCase(import.meta, {
  description: 'Closing a listener resets the connections completed in its accept queue but never accepted: the client\'s read fails ECONNRESET',
  spec: ['RFC 9293 §3.10.4 (CLOSE in LISTEN: pending requests get "connection reset")', 'Linux net/ipv4/inet_connection_sock.c inet_csk_listen_stop(): inet_child_forget() → tcp_disconnect() sends RST'],
  tags: ['listen', 'close', 'rst'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    // connect() returns once the client has sent its ACK; on loopback the server's kernel handles
    // that ACK inside the client's connect() and queues the completed connection for accept.
    { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'client connects (nobody accepts)' },
    { role: 'server', op: 'close', sock: 'l', label: 'server closes the listener' },
    // The RST is sent inside the listener's close(), so the kernel's answer is immediate; 500 ms
    // only bounds the wait where nothing comes (Node, which already accepted the connection).
    { role: 'client', op: 'recv', sock: 'c', timeoutMs: 500, label: 'client reads the reset', expect: { error: 'ECONNRESET' } },
  ],
  wire: [
    { rule: 'present', segment: { from: 'server', flags: ['RST', 'ACK'], seq: 'acked' }, why: 'the queued connection is reset, at the sequence number the client acknowledged' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'reset, not closed in order' },
  ],
  variants: [
    {
      name: 'pauseOnConnect',
      description: 'the server does not read what it accepted until asked: does that leave connections un-accepted too? (it does not)',
      runtimes: ['node'],
      options: { server: { pauseOnConnect: true } },
    },
  ],
  divergences: [
    {
      runtime: 'node',
      variant: '*',
      verified: true,
      reason: 'libuv accepts every completed connection as soon as the listener is readable, and Node hands each to a \'connection\' handler: nothing waits un-accepted, so server.close() resets nothing; the connection stays ESTABLISHED and the client\'s read waits (the agent\'s bounded wait ends it)',
      source: 'libuv src/unix/stream.c uv__server_io(): accept(2) in a loop until EAGAIN, connection_cb for each; nodejs/node lib/net.js onconnection() emits \'connection\' (pauseOnConnect only stops the new socket\'s reading); measured here, with and without pauseOnConnect',
      // A wait that ran out inside the agent: `error` never matches one, the agent's name for it does.
      steps: { 'client reads the reset': { errorName: 'agent-timeout' } },
      wire: [
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the connection was accepted, so closing the listener leaves it alone' },
        { rule: 'absent', segment: { from: 'server', flags: ['FIN'] } },
      ],
    },
  ],
  wrongPeer: { role: 'server', mode: 'accept-before-listener-close', why: 'a server that accepts the waiting connection before closing its listener (as Node does) resets nothing' },
});
