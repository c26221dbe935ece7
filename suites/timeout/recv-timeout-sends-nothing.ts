import { connected, defineCase } from '../../harness/index.ts';

// Short enough to keep the case fast, long enough to be unmistakably the timer (not a scheduler
// hiccup) that ends the wait. Each expiry costs this much: the case waits on it twice.
const RCVTIMEO_MS = 100;

export default defineCase(import.meta, {
  description: 'An expired SO_RCVTIMEO is a purely local event: a blocking recv fails EAGAIN, nothing is sent during the wait, the connection stays usable, and a later close follows the usual rule (FIN with nothing unread, RST with unread data)',
  spec: ['POSIX socket options (SO_RCVTIMEO: "the call returns ... with errno set to [EAGAIN] or [EWOULDBLOCK] if no data is received")', 'socket(7) SO_RCVTIMEO', 'RFC 9293 §3.6.1 (SHLD-3: RST on close with pending data)'],
  tags: ['timeout', 'close', 'rst'],
  steps: [
    ...connected(),
    { role: 'client', op: 'setopt', sock: 'c', name: 'rcvtimeo', value: RCVTIMEO_MS, label: 'client sets a receive timeout' },
    // Both roles share the loopback namespace, so TcpOutSegs counts every segment either side
    // sends: an unchanged count across the wait is "nothing on the wire", whoever would send it.
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpOutSegs'], label: 'segments sent before the wait' },
    { role: 'client', op: 'recv', sock: 'c', options: { blocking: true }, label: 'the receive timeout expires', expect: { error: 'EAGAIN' } },
    { role: 'harness', op: 'counters', host: 'client', names: ['TcpOutSegs'], label: 'nothing was sent during the wait', expect: { delta: { TcpOutSegs: 0 } } },
    // The pong comes first, before the client does anything: an idle timer that stands in for SO_RCVTIMEO (Node's,
    // Bun's) is re-armed by the client's write, and with both cores busy the steps from the ping to the pong outlasted
    // it (bun, ipv4: the pong 147 ms after the ping, the timer at 100 ms), so the read met a second expiry instead.
    // Bytes already held come before a later expiry. On an idle loopback send() returns once the bytes sit in the
    // client's receive queue; under load or from another stack, once the client's ACK says so.
    { role: 'server', op: 'send', sock: 's', data: 'pong' },
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], ack: 'rcv.nxt' }, pace: true, timeoutMs: 1000, label: 'the client\'s kernel has the pong' },
    { role: 'client', op: 'send', sock: 'c', data: 'ping', label: 'client writes after the timeout', expect: { ok: true } },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 4, label: 'server reads it', expect: { data: 'ping' } },
    { role: 'client', op: 'recv', sock: 'c', options: { blocking: true }, label: 'the connection stays usable', expect: { data: 'pong' } },
    { role: 'client', op: 'close', sock: 'c', label: 'client closes with nothing unread' },
    { role: 'server', op: 'recv', sock: 's', label: 'server reads a clean EOF', expect: { eof: true } },

    // A second connection: the same timeout, then a close with data waiting unread.
    { role: 'client', op: 'connect', as: 'c2', to: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's2' },
    { role: 'client', op: 'setopt', sock: 'c2', name: 'rcvtimeo', value: RCVTIMEO_MS },
    { role: 'client', op: 'recv', sock: 'c2', options: { blocking: true }, label: 'the second receive timeout expires', expect: { error: 'EAGAIN' } },
    // The bytes must be in the client's receive queue, unread, when it closes: on an idle loopback when send() returns,
    // under load or from another stack once the client's ACK says so (pacing only).
    { role: 'server', op: 'send', sock: 's2', data: 'never read' },
    { role: 'harness', op: 'await', segment: { from: 'client', flags: ['ACK'], ack: 'rcv.nxt' }, pace: true, timeoutMs: 1000, label: 'the client\'s kernel has the bytes' },
    { role: 'client', op: 'close', sock: 'c2', label: 'client closes with unread data' },
    { role: 'server', op: 'recv', sock: 's2', label: 'server reads the reset', expect: { error: 'ECONNRESET' } },
  ],
  wire: [
    { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'the first close, with nothing unread, is orderly' },
    // The close's own RST carries ACK (Linux tcp_send_active_reset(): TCPHDR_ACK | TCPHDR_RST). A segment that reaches
    // the closed socket afterwards draws the kernel's reply RST, which has no ACK when that segment had one (RFC 9293
    // §3.10.7.1, <SEQ=SEG.ACK><CTL=RST>; tcp_v4_send_reset()): with both cores busy the server's ACK of Java's FIN (its
    // close shuts output first) came after the RST and drew one (java, ipv4, 1 run in 24 loaded rounds). That reply is
    // not a close resetting, so only RST+ACK is counted.
    { rule: 'count', segment: { from: 'client', flags: ['RST', 'ACK'] }, min: 1, max: 1, why: 'only the close with unread data resets' },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the server never resets' },
  ],
  divergences: [
    {
      platform: 'win32',
      verified: false,
      reason: 'Winsock reports an expired SO_RCVTIMEO as WSAETIMEDOUT, not WSAEWOULDBLOCK, and documents the socket state after a timed-out send or receive as "indeterminate, and should not be used", so the round trip after it is not promised there',
      source: 'Microsoft Learn, SOL_SOCKET socket options (ws2def.h: SO_RCVTIMEO); rust-lang/rust library/std/src/net/tcp.rs TcpStream::set_read_timeout ("Unix typically returns ... WouldBlock, but Windows may return TimedOut") (unverified)',
      steps: {
        'the receive timeout expires': { error: 'ETIMEDOUT' },
        'the second receive timeout expires': { error: 'ETIMEDOUT' },
      },
    },
  ],
  wrongPeer: { role: 'client', mode: 'blocking-recv-sends', why: 'a client that sends a probe around its blocking read puts segments on the wire during the wait' },
});
