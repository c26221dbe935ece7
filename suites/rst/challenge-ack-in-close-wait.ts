import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'RFC 5961 in CLOSE-WAIT (the peer\'s FIN read, our side still open): a RST in the window but not at RCV.NXT draws one challenge ACK and the socket survives; a RST exactly at RCV.NXT ends it, and a later send fails EPIPE (Linux: a reset in CLOSE-WAIT is EPIPE, not ECONNRESET)',
  spec: [
    'RFC 5961 §3.2 (challenge ACK, in every synchronized state)',
    'RFC 9293 §3.10.7.4 (CLOSE-WAIT: an acceptable RST closes the connection)',
    'Linux net/ipv4/tcp_input.c tcp_validate_incoming() (rst_seq_match, else tcp_send_challenge_ack()) and tcp_reset() ("case TCP_CLOSE_WAIT: err = EPIPE")',
  ],
  tags: ['rst', 'injection', 'half-close'],
  steps: [
    ...connected(),
    // Stopped, the client's runtime cannot answer the FIN with its own (Node's and Bun's node:net would): its socket stays in CLOSE-WAIT.
    { role: 'harness', op: 'freeze', target: 'client', label: 'the client program is stopped' },
    { role: 'server', op: 'send', sock: 's', data: 'bye' },
    // The client's ACK of the data first (pacing only): from another stack (gVisor's netstack) the data may leave after
    // the shutdown below began, and that ACK must not pass for the FIN's.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], ack: 'rcv.nxt' }, pace: true, timeoutMs: 1000, label: 'the client\'s kernel acknowledges the data' },
    // The server only shuts down its sending side, so it can still read what the client sends in CLOSE-WAIT.
    { role: 'server', op: 'shutdown', sock: 's', how: 'write', label: 'server sends its FIN' },
    // The FIN's ACK may be delayed (~40 ms): wait for it, so that the next await can only see the challenge ACK.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false, ack: 'rcv.nxt' }, label: 'the client\'s kernel acknowledges the FIN' },
    { role: 'harness', op: 'sockets', label: 'the client is in CLOSE-WAIT', expect: { clientState: 'CLOSE-WAIT' } },
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpExtTCPChallengeACK'], label: 'counters before' },
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 1000, label: 'a RST in window, 1000 past RCV.NXT' },
    // The challenge ACK is sent while the forged RST is processed, inside inject's own send.
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], notFlags: ['RST', 'FIN', 'SYN'], data: false }, label: 'client answers with a challenge ACK' },
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpExtTCPChallengeACK'], label: 'counters after', expect: { delta: { TcpExtTCPChallengeACK: 1 } } },
    { role: 'harness', op: 'sockets', label: 'the client is still in CLOSE-WAIT', expect: { clientState: 'CLOSE-WAIT' } },
    { role: 'harness', op: 'thaw', target: 'client', label: 'the client program runs again' },
    { role: 'client', op: 'recvAll', sock: 'c', bytes: 3, label: 'client reads the last data', expect: { data: 'bye' } },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads EOF', expect: { eof: true } },
    { role: 'client', op: 'send', sock: 'c', data: 'still here', label: 'client still sends', expect: { ok: true } },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 10, label: 'server reads it', expect: { data: 'still here' } },
    // RCV.NXT counts the FIN: this RST is at the sequence number just past it.
    { role: 'harness', op: 'inject', to: 'client', flags: ['RST'], offset: 0, label: 'a RST exactly at RCV.NXT' },
    { role: 'client', op: 'send', sock: 'c', data: 'gone', label: 'client sends after the reset', expect: { error: 'EPIPE' } },
  ],
  wire: [
    { rule: 'silent-after', after: { from: 'server', flags: ['RST'], seq: 'acked' }, role: 'client', quietMs: 50, why: 'the exact RST is accepted, and nothing answers it' },
  ],
  divergences: [
    {
      platform: 'freebsd', verified: false,
      reason: 'FreeBSD sends the challenge ACK in CLOSE_WAIT too, but a RST it accepts there sets ECONNRESET (not EPIPE), so the send after it fails ECONNRESET',
      source: 'freebsd/freebsd-src sys/netinet/tcp_input.c tcp_do_segment(), the "RFC5961 Section 3.2" block: "case TCPS_CLOSE_WAIT: ... so->so_error = ECONNRESET"',
      steps: { 'client sends after the reset': { error: 'ECONNRESET' } },
    },
  ],
  wrongNetwork: { skipStep: 'a RST in window, 1000 past RCV.NXT', why: 'without the in-window RST there is no challenge ACK to see' },
});
