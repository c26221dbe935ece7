// Node's runtime layer, case by case: where idiomatic node:net differs from the kernel layer, measured here (Node 20.20.2, 22.23.3 and 24.22.3, Linux; `versions` where they differ) unless marked unverified.
import { defineExpectations } from '../../harness/case/define-expectations.ts';
import type { RuntimeDivergence } from '../../harness/case/expectation-types.ts';

/** What a runtime does in one case, apart from who (role, variant, peer) and why (reason, source). */
export type Behaviour = Pick<RuntimeDivergence, 'steps' | 'wire'>;

// What node:net does, stated once: Bun's node:net is Node's (runtimes/bun/expectations.ts imports these
// and gives each Bun's own reason and sources). Each names the case whose steps it speaks of.

/** The kernel-faithful ways of writing node:net (a variant's name and options; each file says it in its own words). */
export const SERVER_PAUSE_ON_CONNECT = { name: 'pauseOnConnect', options: { server: { pauseOnConnect: true } } };
export const SERVER_ALLOW_HALF_OPEN = { name: 'allowHalfOpen', options: { server: { allowHalfOpen: true } } };
export const CLIENT_ALLOW_HALF_OPEN = { name: 'allowHalfOpen', options: { client: { allowHalfOpen: true } } };

/** An EPIPE node:net makes up (writeAfterFIN): no syscall, nothing handed to the kernel. */
export const EPIPE_MADE_UP = { error: 'EPIPE', synthesized: true } as const;
/** node:net's Writable refusing a write on a destroyed socket: no errno, no syscall. */
export const STREAM_DESTROYED = { error: null, errorName: 'ERR_STREAM_DESTROYED', synthesized: true } as const;

/** close/half-close-shutdown-write: the peer's FIN ended the server's side, so its reply fails and the client reads EOF. */
export const REPLY_AFTER_PEER_FIN: Behaviour = {
  steps: {
    'server still replies': EPIPE_MADE_UP,
    'client reads the reply': { eof: true },
  },
};
/** close/time-wait-after-active-close: every listener has SO_REUSEADDR, so rebinding over TIME_WAIT succeeds. */
export const ALWAYS_REUSES_ADDRESS: Behaviour = {
  steps: {
    'plain: rebinding fails': { ok: true },
    'new socket reuses: rebinding still fails': { ok: true },
    'old socket reused: rebinding still fails': { ok: true },
  },
};
/** close/unread-data-sends-rst: the server read everything eagerly, so its close sends FIN and the client reads EOF. */
export const EAGER_READ_SENDS_FIN: Behaviour = {
  steps: { 'client reads the reset': { eof: true } },
  wire: [
    { rule: 'present', segment: { from: 'server', flags: ['FIN'] } },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
  ],
};
/** close/unread-data-sends-rst: the socket is destroyed after the ECONNRESET, so no later read reaches EOF. */
export const NO_READ_AFTER_RESET: Behaviour = {
  steps: { 'later reads return EOF': { error: null, errorName: 'ERR_SOCKET_CLOSED', synthesized: true } },
};
/** halfopen/*: the socket is destroyed on its first read error, so a later send is refused. */
export const NO_SEND_AFTER_READ_ERROR: Behaviour = {
  steps: { 'a later send fails EPIPE': STREAM_DESTROYED },
};
/** listen/close-with-pending-connection: every connection was accepted at once, so closing the listener resets nothing. */
export const ACCEPTS_EVERY_CONNECTION: Behaviour = {
  // A wait that ran out inside the agent: `error` never matches one, the agent's name for it does.
  steps: { 'client reads the reset': { errorName: 'agent-timeout' } },
  wire: [
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the connection was accepted, so closing the listener leaves it alone' },
    { rule: 'absent', segment: { from: 'server', flags: ['FIN'] } },
  ],
};
/** rst/segment-for-dead-connection: the peer's FIN ended the client's side, so both writes fail, made up. */
export const WRITES_TO_DEAD_PEER_AFTER_FIN: Behaviour = {
  steps: {
    'the write succeeds (its data draws the RST)': EPIPE_MADE_UP,
    'the next write fails EPIPE': EPIPE_MADE_UP,
  },
};
/** timeout/recv-timeout-sends-nothing: setTimeout() is an idle timer, no error; the eager read leaves nothing unread at close. */
export const IDLE_TIMER_NOT_RCVTIMEO: Behaviour = {
  steps: {
    'the receive timeout expires': { error: null, errorName: 'timeout-event', synthesized: true },
    'the second receive timeout expires': { error: null, errorName: 'timeout-event', synthesized: true },
    'server reads the reset': { eof: true },
  },
};
/** write/after-local-shutdown: after end() and the peer's FIN, writeAfterFIN refuses the write, blaming the peer. */
export const WRITE_AFTER_END_BLAMES_PEER: Behaviour = {
  steps: { 'a write after the shutdown fails EPIPE': EPIPE_MADE_UP },
};
/** write/after-local-shutdown (allowHalfOpen): the ending Writable refuses the write itself. */
export const WRITE_AFTER_END_REFUSED: Behaviour = {
  steps: { 'a write after the shutdown fails EPIPE': { error: null, errorName: 'ERR_STREAM_WRITE_AFTER_END', synthesized: true } },
};
/** write/epipe-on-second-write: the peer's FIN ended the client's side, so both writes fail, made up. */
export const WRITES_AFTER_PEER_FIN: Behaviour = {
  steps: {
    'first write succeeds': EPIPE_MADE_UP,
    'second write fails EPIPE': EPIPE_MADE_UP,
  },
};
/** write/reset-after-unread-close: the server's FIN ended the client's side before its writes, so both fail, made up. */
export const WRITES_AFTER_EAGER_FIN: Behaviour = {
  steps: {
    'first write fails ECONNRESET': EPIPE_MADE_UP,
    'second write fails EPIPE': EPIPE_MADE_UP,
  },
};
/**
 * rst/challenge-ack-in-close-wait: once thawed, the client ends its side on the peer's FIN (`finWhy`) and refuses
 * both writes (`refused`): nothing reaches the server, and nothing answers the exact RST.
 */
export const closeWaitEndedOnThaw = (refused: NonNullable<Behaviour['steps']>[string], finWhy: string): Behaviour => ({
  steps: {
    'client still sends': refused,
    'server reads it': { eof: true },
    'client sends after the reset': refused,
  },
  wire: [
    { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: finWhy },
    { rule: 'absent', segment: { from: 'client', data: true }, why: 'the refused writes never reach the kernel' },
    { rule: 'silent-after', after: { from: 'server', flags: ['RST'], seq: 'acked' }, role: 'client', quietMs: 50, why: 'nothing answers the RST' },
  ],
});
/** write/reset-after-unread-close: the client's eager read met the RST first and destroyed the socket, so both writes are refused. */
export const WRITES_AFTER_READ_RESET: Behaviour = {
  steps: {
    'first write fails ECONNRESET': STREAM_DESTROYED,
    'second write fails EPIPE': STREAM_DESTROYED,
  },
};
/** write/reset-after-unread-close: an eager server's FIN, then a client that does not read eagerly writes into the dead connection. */
export const EAGER_SERVER_FIN_THEN_RST: Behaviour = {
  steps: { 'first write fails ECONNRESET': { ok: true } },
  wire: [
    {
      rule: 'sequence',
      why: 'FIN for the orderly close, then the first write\'s bytes, then the RST they draw',
      segments: [
        { from: 'server', flags: ['FIN'] },
        { from: 'client', data: true },
        { from: 'server', flags: ['RST'] },
      ],
    },
    { rule: 'count', segment: { from: 'client', data: true }, min: 2, max: 2, why: 'the unread bytes and the first write\'s' },
  ],
};

export default defineExpectations({
  'close/half-close-shutdown-write': {
    variants: [
      {
        ...SERVER_ALLOW_HALF_OPEN,
        description: 'the server keeps its sending side open after the client\'s FIN, as a C program does (kernel-faithful Node)',
      },
    ],
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: 'With the default allowHalfOpen: false, Node answers the client\'s FIN by ending the server\'s side at once (its FIN goes out before the program can reply) and replaces socket.write with writeAfterFIN: the reply fails with an EPIPE Node makes up (no syscall, nothing on the wire), and the client reads EOF instead of the reply',
        source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets this.write = writeAfterFIN when !allowHalfOpen, and Duplex (lib/internal/streams/duplex.js, allowHalfOpen false) ends the writable side on \'end\'; measured here',
        ...REPLY_AFTER_PEER_FIN,
        wire: [
          {
            rule: 'sequence',
            why: 'the server\'s FIN answers the client\'s at once',
            segments: [
              { from: 'client', flags: ['FIN'] },
              { from: 'server', flags: ['FIN'] },
            ],
          },
          { rule: 'absent', segment: { from: 'server', data: true }, why: 'the reply never reaches the kernel' },
          { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
        ],
      },
    ],
  },
  'close/rst-keeps-received-data': {
    divergences: [
      {
        role: 'client',
        // Node 24.22.3 (libuv 1.52.1) reads the data, then ECONNRESET, as the kernel layer: measured here against every peer.
        versions: { below: '24' },
        verified: true,
        reason: 'Node before 24 reads the data, then reports a clean end of stream: when data and a RST are both waiting, libuv before 1.52 takes the POLLHUP that follows a partial read as EOF and the ECONNRESET is never reported',
        source: 'libuv src/unix/stream.c uv__stream_io(): "Short-circuit iff POLLHUP is set ... and uv__read() reported a partial read" calls uv__stream_eof(); libuv 2e2114ed8 "unix: fix partial read handling after POLLHUP" (#4997, in v1.52.0) reads on while POLLIN is set; measured here: Node 20.20.2 (libuv 1.46.0) and 22.23.3 (1.51.0) EOF, 24.22.3 (1.52.1) ECONNRESET; a Node 24 release bundling an older libuv would read EOF',
        steps: { 'then the reset': { eof: true } },
      },
    ],
  },
  'close/time-wait-after-active-close': {
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: 'libuv sets SO_REUSEADDR before every bind, and node:net has no way to turn it off: every Node listener, and every socket it accepts, has it, so a Node server can always listen again on a port its own closed connections hold in TIME_WAIT (the TIME_WAIT itself is the kernel\'s, as in C)',
        source: 'libuv src/unix/tcp.c uv__tcp_bind(): setsockopt(SO_REUSEADDR, 1) unconditionally before bind(2); measured here',
        ...ALWAYS_REUSES_ADDRESS,
      },
    ],
  },
  'close/unread-data-sends-rst': {
    variants: [
      {
        ...SERVER_PAUSE_ON_CONNECT,
        description: 'the server does not read until asked, as a C program would not (kernel-faithful Node)',
      },
    ],
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: 'Node reads incoming bytes into its own buffer as soon as a connection is accepted (no data listener or pause() needed), so at close the kernel holds no unread data and sends FIN: the client reads a clean EOF',
        source: 'nodejs/node lib/net.js: server onconnection() calls socket.read(0) unless pauseOnConnect; measured here',
        ...EAGER_READ_SENDS_FIN,
      },
      {
        role: 'client',
        variant: 'pauseOnConnect',
        verified: true,
        reason: 'Node destroys a socket after its first error, so after ECONNRESET the program gets no further read (the agent reports ERR_SOCKET_CLOSED) instead of EOF',
        source: 'nodejs/node lib/internal/streams/destroy.js (errorOrDestroy); measured here',
        ...NO_READ_AFTER_RESET,
      },
      {
        role: 'client',
        peer: ['c', 'python', 'go', 'rust'],
        verified: true,
        reason: 'Against a server that resets (C, Python, Go, Rust; Node\'s own reads eagerly and sends FIN), Node\'s client reports the ECONNRESET, then destroys the socket, so the program gets no further read (the agent reports ERR_SOCKET_CLOSED) instead of EOF',
        source: 'nodejs/node lib/internal/streams/destroy.js (errorOrDestroy); measured here (--pair c:node, python:node, go:node, rust:node)',
        ...NO_READ_AFTER_RESET,
      },
      {
        role: 'client',
        peer: ['deno'],
        verified: true,
        reason: 'Against a Deno server the client reads EOF, then EOF again (Deno\'s FIN comes first), as Deno\'s own divergence says; but the wire is not deterministic: Deno\'s close() is shutdown(SHUT_WR), then close(2) a moment later (runtimes/deno/expectations.ts). Node\'s client reads the FIN eagerly and, with the default allowHalfOpen: false, answers it with its own FIN at once; whether that FIN reaches the Deno server before its close(2), and so whether and when the RST follows, is a race between the two processes (measured here: either order, run to run). Only what never varies is asserted on the wire',
        source: 'nodejs/node lib/net.js onReadableStreamEnd() (ends the writable side on the peer\'s FIN); measured here (--pair deno:node, 8 runs: RST present in 6)',
        steps: { 'client reads the reset': { eof: true } },
        wire: [
          { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'Deno\'s close begins with shutdown(SHUT_WR)' },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
        ],
      },
    ],
  },
  'halfopen/peer-restarted': {
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'Node destroys a socket on its first read error (ECONNRESET), so a later write never reaches the kernel: Writable refuses it with ERR_STREAM_DESTROYED, an error Node makes up (no errno, no syscall), instead of the kernel\'s EPIPE',
        source: 'nodejs/node lib/internal/stream_base_commons.js onStreamRead(): stream.destroy(new ErrnoException(nread, \'read\')); lib/internal/streams/writable.js _write(): kDestroyed -> ERR_STREAM_DESTROYED(\'write\'); measured here',
        ...NO_SEND_AFTER_READ_ERROR,
      },
    ],
  },
  'halfopen/peer-vanished': {
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'Node destroys a socket on its first read error (ETIMEDOUT), so a later write never reaches the kernel: Writable refuses it with ERR_STREAM_DESTROYED, an error Node makes up (no errno, no syscall), instead of the kernel\'s EPIPE',
        source: 'nodejs/node lib/internal/stream_base_commons.js onStreamRead(): stream.destroy(new ErrnoException(nread, \'read\')); lib/internal/streams/writable.js _write(): kDestroyed -> ERR_STREAM_DESTROYED(\'write\'); measured here',
        ...NO_SEND_AFTER_READ_ERROR,
      },
    ],
  },
  'listen/close-with-pending-connection': {
    variants: [
      {
        ...SERVER_PAUSE_ON_CONNECT,
        description: 'the server does not read what it accepted until asked: does that leave connections un-accepted too? (it does not)',
      },
    ],
    divergences: [
      {
        role: 'server',
        variant: '*',
        verified: true,
        reason: 'libuv accepts every completed connection as soon as the listener is readable, and Node hands each to a \'connection\' handler: nothing waits un-accepted, so server.close() resets nothing; the connection stays ESTABLISHED and the client\'s read waits (the agent\'s bounded wait ends it)',
        source: 'libuv src/unix/stream.c uv__server_io(): accept(2) in a loop until EAGAIN, connection_cb for each; nodejs/node lib/net.js onconnection() emits \'connection\' (pauseOnConnect only stops the new socket\'s reading); measured here, with and without pauseOnConnect',
        ...ACCEPTS_EVERY_CONNECTION,
      },
    ],
  },
  'rst/closed-port-answers-rst-ack': {
    divergences: [
      {
        role: 'client',
        platform: 'win32',
        verified: false,
        reason: 'libuv sets SIO_TCP_INITIAL_RTO with TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS on loopback connects (Windows 10.0.16299 and later), so Node\'s SYN is not retried and the wire matches Linux; older Windows retries as a C program does',
        source: 'libuv/libuv src/win/tcp.c uv__tcp_try_connect() (uv__is_fast_loopback_fail_supported, uv__is_loopback: SIO_TCP_INITIAL_RTO); Microsoft Learn, TCP_INITIAL_RTO_PARAMETERS structure (mstcpip.h: TCP_INITIAL_RTO_NO_SYN_RETRANSMISSIONS) (unverified)',
      },
    ],
  },
  'rst/challenge-ack-in-close-wait': {
    variants: [
      {
        ...CLIENT_ALLOW_HALF_OPEN,
        description: 'the client keeps its side open after the peer\'s FIN, so it stays in CLOSE-WAIT and its writes reach the kernel (kernel-faithful Node)',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'The kernel part (CLOSE-WAIT, the challenge ACK, the survival) happens while Node is stopped and holds. Once it runs again, with the default allowHalfOpen: false Node reads the FIN and ends its own side (its FIN goes out: the socket leaves CLOSE-WAIT) and swaps socket.write for writeAfterFIN: both writes fail with an EPIPE Node makes up, nothing reaches the server, and the exact RST meets no socket',
        source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets this.write = writeAfterFIN ("This socket has been ended by the other party", no syscall) when !allowHalfOpen; measured here',
        ...closeWaitEndedOnThaw(EPIPE_MADE_UP, 'Node ends its side on the peer\'s FIN'),
      },
    ],
  },
  'rst/reset-before-accept': {
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: 'Node accepts the queued connection and its first read reports the ECONNRESET as in C, but Node destroys a socket on its first read error: the next read gets nothing (the agent reports ERR_SOCKET_CLOSED, made up: no errno, no syscall) instead of EOF, and the write is refused by the Writable (ERR_STREAM_DESTROYED, made up) instead of the kernel\'s EPIPE',
        source: 'nodejs/node lib/internal/stream_base_commons.js onStreamRead(): stream.destroy(new ErrnoException(nread, \'read\')); lib/internal/streams/writable.js _write(): kDestroyed -> ERR_STREAM_DESTROYED(\'write\'); measured here on Node 20.20.2, 22.23.3 and 24.22.3 (--repeat 3)',
        steps: {
          'server reads again: EOF': { error: null, errorName: 'ERR_SOCKET_CLOSED', synthesized: true },
          'server writes: EPIPE': STREAM_DESTROYED,
        },
      },
    ],
  },
  'rst/segment-for-dead-connection': {
    variants: [
      {
        ...CLIENT_ALLOW_HALF_OPEN,
        description: 'the client keeps its side open after the peer\'s FIN, so its writes reach the kernel (kernel-faithful Node)',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'With the default allowHalfOpen: false, Node answers the FIN by ending its own side (client FIN, which the orphan acknowledges: no RST ever) and swaps socket.write for writeAfterFIN: both writes fail with an EPIPE Node made up, and the data never reaches the wire',
        source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets this.write = writeAfterFIN ("This socket has been ended by the other party", no syscall); measured here',
        ...WRITES_TO_DEAD_PEER_AFTER_FIN,
        wire: [
          { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'the kernel closes the dead process\'s socket' },
          { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'Node ends its side on the peer\'s FIN' },
          { rule: 'absent', segment: { from: 'client', data: true }, why: 'the writes never reach the kernel' },
          { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'no data ever reaches the dead connection' },
        ],
      },
    ],
  },
  'timeout/recv-timeout-sends-nothing': {
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'node:net has no SO_RCVTIMEO: its nearest idiom, socket.setTimeout(), is an idle timer that emits a \'timeout\' event and is no error (the agent names it timeout-event; no errno, made up by Node), and it leaves the socket open, so the connection stays usable as with the kernel. Node reads incoming bytes eagerly, so at the second close nothing is unread in the kernel: FIN, and the server reads a clean EOF instead of ECONNRESET',
        source: 'nodejs/node lib/net.js Socket.prototype.setTimeout (lib/internal/stream_base_commons.js setStreamTimeout) and Socket.prototype._onTimeout: emit(\'timeout\') only; lib/internal/stream_base_commons.js onStreamRead() pushes every read into Node\'s buffer; measured here',
        ...IDLE_TIMER_NOT_RCVTIMEO,
        wire: [
          { rule: 'count', segment: { from: 'client', flags: ['FIN'] }, min: 2, max: 2, why: 'both closes are orderly: Node had read everything' },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
          { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
        ],
      },
    ],
  },
  'write/after-local-shutdown': {
    variants: [
      {
        ...CLIENT_ALLOW_HALF_OPEN,
        description: 'the client keeps its own rules after the peer\'s FIN (no writeAfterFIN), so the write meets Writable\'s own refusal after end()',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'Node\'s shutdown is socket.end(), and Node never hands a write after end() to the kernel. With the default allowHalfOpen: false the peer\'s FIN then installs writeAfterFIN, which blames the peer: EPIPE "This socket has been ended by the other party", made up by Node (no syscall) although our own end() is the cause; the wire is as the kernel has it',
        source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets this.write = writeAfterFIN, which fails every write once writableEnded; measured here',
        ...WRITE_AFTER_END_BLAMES_PEER,
      },
      {
        role: 'client',
        variant: 'allowHalfOpen',
        verified: true,
        reason: 'Node\'s shutdown is socket.end(): its Writable is then ending, and a later write() is refused by Node itself with ERR_STREAM_WRITE_AFTER_END before any syscall (no errno); the wire is as the kernel has it',
        source: 'nodejs/node lib/internal/streams/writable.js _write(): kEnding → ERR_STREAM_WRITE_AFTER_END; measured here',
        ...WRITE_AFTER_END_REFUSED,
      },
    ],
  },
  'write/epipe-on-second-write': {
    variants: [
      {
        ...CLIENT_ALLOW_HALF_OPEN,
        description: 'the client keeps its side open after the peer\'s FIN, so its writes reach the kernel (kernel-faithful Node)',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'With the default allowHalfOpen: false, Node answers the peer\'s FIN by ending its own side; every later write fails with an EPIPE Node makes up ("This socket has been ended by the other party"): no syscall, nothing on the wire',
        source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets socket.write = writeAfterFIN; measured here',
        ...WRITES_AFTER_PEER_FIN,
        wire: [
          { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'Node ends its side on the peer\'s FIN' },
          { rule: 'absent', segment: { from: 'client', data: true }, why: 'the writes never reach the kernel' },
          { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
        ],
      },
    ],
  },
  'write/reuse-after-peer-fin': {
    variants: [
      {
        ...CLIENT_ALLOW_HALF_OPEN,
        description: 'the client keeps its side open after the server\'s FIN, as a pooled C client does, so its request reaches the kernel (kernel-faithful Node)',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'Node\'s client reads eagerly, so it has met the server\'s FIN before the program sends, in either order; with the default allowHalfOpen: false it ends its own side at once (client FIN) and swaps socket.write for writeAfterFIN: every request fails with an EPIPE Node makes up ("This socket has been ended by the other party": no syscall, nothing on the wire), so no RST is ever drawn and the reads see the FIN\'s EOF',
        source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets this.write = writeAfterFIN when !allowHalfOpen; measured here',
        steps: {
          'send first: the request is accepted': EPIPE_MADE_UP,
          'the next write fails EPIPE': EPIPE_MADE_UP,
          'the request after EOF is accepted': EPIPE_MADE_UP,
        },
        wire: [
          { rule: 'count', segment: { from: 'client', flags: ['FIN'] }, min: 2, max: 2, why: 'Node ends its side on each of the server\'s FINs' },
          { rule: 'absent', segment: { from: 'client', data: true }, why: 'the requests never reach the kernel' },
          { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
        ],
      },
    ],
  },
  'write/reset-after-unread-close': {
    variants: [
      {
        ...SERVER_PAUSE_ON_CONNECT,
        description: 'the server does not read until asked, as a C program would not, so its close sends RST (kernel-faithful Node)',
      },
    ],
    divergences: [
      {
        role: 'both',
        verified: true,
        reason: 'Node\'s server reads the bytes eagerly, so its close sends FIN, not RST. The client\'s own eager read meets that FIN before the write request is handled, and with the default allowHalfOpen: false Node ends its side (client FIN) and swaps socket.write for writeAfterFIN: both writes get an EPIPE Node made up, nothing reaches the wire, and no RST is ever sent',
        source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets this.write = writeAfterFIN, which builds the "This socket has been ended by the other party" EPIPE with no syscall; server onconnection() reads unless pauseOnConnect; measured here',
        ...WRITES_AFTER_EAGER_FIN,
        wire: [
          { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'the eager read left nothing unread: an orderly close' },
          { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'Node ends its side on the peer\'s FIN' },
          { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
          { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 1, why: 'the writes never reach the kernel' },
        ],
      },
      {
        role: 'client',
        variant: 'pauseOnConnect',
        verified: true,
        reason: 'The RST is as the kernel has it, but the client program never sees it through a write: Node\'s client reads eagerly, its read(2) returns ECONNRESET first (emitted as \'error\', syscall read) and Node destroys the socket, so both writes then fail ERR_STREAM_DESTROYED, made up by Node\'s Writable (no errno, no syscall)',
        source: 'nodejs/node lib/internal/stream_base_commons.js onStreamRead(): stream.destroy(new ErrnoException(nread, \'read\')); lib/internal/streams/writable.js _write(): kDestroyed → ERR_STREAM_DESTROYED(\'write\'); measured here',
        ...WRITES_AFTER_READ_RESET,
      },
      {
        role: 'client',
        peer: ['c', 'python', 'go', 'rust'],
        verified: true,
        reason: 'Against a server that does reset (C, Python, Go, Rust: any that leaves the bytes unread), Node\'s client meets the RST on its own eager read: read(2) returns ECONNRESET first (emitted as \'error\', syscall read) and Node destroys the socket, so both writes then fail ERR_STREAM_DESTROYED, made up by Node\'s Writable (no errno, no syscall)',
        source: 'nodejs/node lib/internal/stream_base_commons.js onStreamRead(): stream.destroy(new ErrnoException(nread, \'read\')); lib/internal/streams/writable.js _write(): kDestroyed → ERR_STREAM_DESTROYED(\'write\'); measured here (--pair c:node, python:node, go:node, rust:node)',
        ...WRITES_AFTER_READ_RESET,
      },
      {
        role: 'server',
        peer: ['c', 'python', 'deno', 'go', 'rust'],
        verified: true,
        reason: 'Node\'s server reads the bytes eagerly, so its close sends FIN, not RST. A client that does not read eagerly (C, Python, Deno, Go, Rust) then writes into a connection whose other end is gone: the first write succeeds and its bytes draw a RST (no ACK bit: the socket no longer exists), and the second write fails EPIPE, as the kernel has it after a RST following FIN',
        source: 'nodejs/node lib/net.js: server onconnection() calls socket.read(0) unless pauseOnConnect; Linux net/ipv4/tcp_ipv4.c tcp_v4_send_reset() for a segment to no socket; measured here (--pair node:c, node:python, node:deno, node:go, node:rust)',
        ...EAGER_SERVER_FIN_THEN_RST,
      },
      {
        role: 'client',
        peer: ['deno', 'python/asyncio'],
        verified: true,
        reason: 'Against a Deno server (and an asyncio one, whose transport reads eagerly and so closes with FIN) Node\'s client meets the FIN on its own eager read first and swaps socket.write for writeAfterFIN: both writes get an EPIPE Node makes up, and neither reaches the wire. Deno\'s close() is shutdown(SHUT_WR), then close(2) a moment later (runtimes/deno/expectations.ts). Node\'s client reads the FIN eagerly and, with the default allowHalfOpen: false, answers it with its own FIN at once; whether that FIN reaches the Deno server before its close(2), and so whether and when the RST follows, is a race between the two processes (measured here: either order, run to run). Only what never varies is asserted on the wire',
        source: 'nodejs/node lib/net.js: onReadableStreamEnd() sets this.write = writeAfterFIN (no syscall); measured here (--pair deno:node, 8 runs: client FIN before the RST in 3; --pair python:node with the asyncio program)',
        ...WRITES_AFTER_EAGER_FIN,
        wire: [
          { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'Deno\'s close begins with shutdown(SHUT_WR)' },
          { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 1, why: 'the writes never reach the kernel' },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
        ],
      },
    ],
  },
});
