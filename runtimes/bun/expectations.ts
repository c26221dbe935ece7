// Bun's runtime layer, case by case: where Bun differs from the kernel layer, measured here (Bun
// 1.4.5, Linux 6.18, loopback and veth namespaces) unless marked unverified. Two programs run every
// case: the idiomatic one is Bun's node:net (runtimes/node/agent.ts run by bun, so its case variants
// carry Node's option names), and `bun-api` is Bun.listen/Bun.connect (runtimes/bun/native-agent.ts);
// a divergence without `variant` is node:net's, `variant: 'bun-api'` is the native API's, '*' both.
//
// Where the sources are cited: Bun's node:net is src/js/node/net.ts (its streams are Node's own,
// ported in src/js/internal/streams/*); both APIs sit on the same native socket layer
// (src/bun.js/api/bun/socket.zig and socket/Listener.zig, rewritten in later trees, and
// packages/bun-usockets/src/{bsd.c,loop.c,socket.c}). Every behaviour below was also watched here
// with strace on the agents (listen/connect/sendto/recvfrom/shutdown/close and setsockopt calls).
import type { WireRule } from '../../harness/case/case-types.ts';
import { defineExpectations } from '../../harness/case/define-expectations.ts';
// Bun's node:net does what Node's does: those behaviours are stated once, in Node's file, and taken from
// there with Bun's own reasons and sources (oven-sh/bun, where that is what was read and measured).
import {
  ACCEPTS_EVERY_CONNECTION, ALWAYS_REUSES_ADDRESS, CLIENT_ALLOW_HALF_OPEN, closeWaitEndedOnThaw, EAGER_READ_SENDS_FIN, EAGER_SERVER_FIN_THEN_RST,
  IDLE_TIMER_NOT_RCVTIMEO, NO_READ_AFTER_RESET, NO_SEND_AFTER_READ_ERROR, REPLY_AFTER_PEER_FIN,
  SERVER_ALLOW_HALF_OPEN, SERVER_PAUSE_ON_CONNECT, STREAM_DESTROYED, WRITE_AFTER_END_BLAMES_PEER, WRITE_AFTER_END_REFUSED,
  WRITES_AFTER_EAGER_FIN, WRITES_AFTER_PEER_FIN, WRITES_AFTER_READ_RESET, WRITES_TO_DEAD_PEER_AFTER_FIN,
} from '../node/expectations.ts';

// Shared reasons and sources, each used by more than one case.
const NODE_NET_FIN_RULE = 'with allowHalfOpen: false the peer\'s FIN makes it end its own side (its FIN goes out at once) and replaces socket.write with writeAfterFIN, which fails every later write with an EPIPE it makes up ("This socket has been ended by the other party": no syscall, nothing handed to the kernel)';
const NODE_NET_FIN = `Bun's node:net is Node's Duplex with Node's defaults: ${NODE_NET_FIN_RULE}`;
const NODE_NET_FIN_SOURCE = 'oven-sh/bun src/js/node/net.ts: the Socket `end` handler (#EmitEndNT) sets self.write = writeAfterFIN when !allowHalfOpen, and writeAfterFIN builds the error with only code = "EPIPE"; measured here';
const API_FIN_RULE = 'when a read returns 0 (the peer\'s FIN) uSockets calls the `end` handler and then closes the socket itself (close(2): our FIN goes out at once); from then on socket.write returns -1, Bun\'s refusal with no error at all (the agent names it write-returned-minus-1), and nothing reaches the kernel';
const API_FIN = `Bun.listen/Bun.connect without allowHalfOpen: ${API_FIN_RULE}`;
const API_FIN_SOURCE = 'oven-sh/bun packages/bun-usockets/src/loop.c (eof: "We dont allow half open just emit end and close the socket") and src/bun.js/api/bun/socket.zig writeOrEnd() (wrote = -1 once isShutdown() or isClosed(); write() on a detached socket returns -1); measured here (strace: recvfrom() = 0, then close(2), no sendto for the writes)';
const EAGER_READ = 'reads incoming bytes into the program as soon as the connection is accepted, so at close the kernel holds no unread data and sends FIN, not RST';
const CONNECT_ERRNO = 'Bun reports every failed TCP connect as ECONNREFUSED (syscall connect): the native layer\'s connect-error path keeps ENOENT and turns any other errno into ECONNREFUSED, so the kernel\'s real verdict is lost; node:net builds its "connect ECONNREFUSED host:port" error from that code';
const CONNECT_ERRNO_SOURCE = 'oven-sh/bun src/bun.js/api/bun/socket.zig handleConnectError(): `errno_ = if (errno == ENOENT) ENOENT else ECONNREFUSED` (handle_connect_error\'s whitelist in the newer tree, described in the open pull request oven-sh/bun#37093 "report the real connect errno instead of fabricated ECONNRESET/ECONNREFUSED"); measured here with both programs';
const API_NO_RECV_AFTER_ERROR = 'Bun\'s socket has no error event for the kernel\'s errors: when the kernel reports one (a failed recv(2), or an error poll whose SO_ERROR uSockets fetches) Bun closes the socket and hands the error to the `close` handler, always labelled syscall "read" (reported here by the recv); the socket is then detached and socket.write returns -1, Bun\'s refusal with no error (the agent names it write-returned-minus-1), instead of the kernel\'s EPIPE';
const API_NO_RECV_AFTER_ERROR_SOURCE = 'oven-sh/bun packages/bun-usockets/src/loop.c (a recv(2) error, or an error poll with getsockopt(SO_ERROR), closes the socket with that errno), src/bun.js/api/bun/socket.zig onClose() ("errors here are always a read error": a SystemError with syscall "read") and write() (-1 on a detached socket); measured here';
// The whitelist itself, read in the tree Bun 1.4.5 is built from: EACCES is on it, EHOSTUNREACH and ENETUNREACH are not.
const CONNECT_ERRNO_WHITELIST = 'Bun keeps a failed TCP connect\'s errno only when it is on a short list (ENOENT, ENOTSOCK, EACCES, EINVAL, ECONNRESET, EADDRINUSE, EADDRNOTAVAIL) and reports any other as ECONNREFUSED (syscall connect), in both programs';
const CONNECT_ERRNO_WHITELIST_SOURCE = 'oven-sh/bun src/runtime/socket/socket_body.rs handle_connect_error(): ENOENT, ENOTSOCK, EACCES, EINVAL, ECONNRESET, EADDRINUSE and EADDRNOTAVAIL keep their code, any other errno becomes ECONNREFUSED; measured here with both programs on Bun 1.4.5, over both families';
const NODE_NET_DESTROYED = 'Bun\'s node:net destroys the socket on its first read error, so a later write never reaches the kernel: the Writable refuses it with ERR_STREAM_DESTROYED, an error made up by the runtime (no errno, no syscall), instead of the kernel\'s EPIPE';
const NODE_NET_DESTROYED_SOURCE = 'oven-sh/bun src/js/node/net.ts (the native close/error handlers destroy the Duplex with the read error) and src/js/internal/streams/writable.ts (a write on a destroyed stream: ERR_STREAM_DESTROYED("write")); measured here';
const NODE_NET_READ_ERROR_FIRST = 'Bun watches the socket for errors even after the peer\'s FIN: the RST that answers the first write raises an error poll before the next request is handled, uSockets fetches SO_ERROR (EPIPE: in CLOSE_WAIT the kernel reports a reset as EPIPE) and closes the socket with it, labelled syscall "read"; node:net destroys the socket with that error, so the second write is refused with ERR_STREAM_DESTROYED (made up by the runtime: no errno, no syscall, nothing on the wire), and the agent\'s read then reports that EPIPE instead of EOF. Node (libuv) stops polling a socket after its EOF and meets the EPIPE on its second write(2) instead';
const NODE_NET_READ_ERROR_FIRST_SOURCE = 'oven-sh/bun packages/bun-usockets/src/loop.c (an error poll: getsockopt(SO_ERROR), then close with that errno; strace here: sendto() = 3, getsockopt(SO_ERROR) = EPIPE, close(2)), src/js/node/net.ts (destroy on that error) and src/js/internal/streams/writable.ts (ERR_STREAM_DESTROYED); Linux net/ipv4/tcp_input.c tcp_reset(): EPIPE in CLOSE_WAIT; measured here';
const API_WRITE_REFUSED = { error: null, errorName: 'write-returned-minus-1', synthesized: true } as const;
// Wire after a FIN that the Bun side answers with its own FIN at once: no data from it, no RST.
const answeredFin = (finFrom: 'server' | 'client', other: 'server' | 'client') => [
  { rule: 'sequence' as const, why: 'Bun answers the peer\'s FIN with its own at once', segments: [{ from: finFrom, flags: ['FIN'] }, { from: other, flags: ['FIN'] }] },
  { rule: 'absent' as const, segment: { from: other, data: true }, why: 'the refused writes never reach the kernel' },
  { rule: 'absent' as const, segment: { from: finFrom, flags: ['RST'] }, why: 'no data ever reaches a closed socket' },
  { rule: 'absent' as const, segment: { from: other, flags: ['RST'] } },
];

// write/reset-after-unread-close when the server read eagerly (FIN) and the client ends its side on it.
const FIN_BOTH_WAYS: WireRule[] = [
  { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'the eager read left nothing unread: an orderly close' },
  { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'the client ends its side on the peer\'s FIN' },
  { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
  { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 1, why: 'the writes never reach the kernel' },
];

export default defineExpectations({
  'close/half-close-shutdown-write': {
    variants: [
      {
        ...SERVER_ALLOW_HALF_OPEN,
        description: 'Bun\'s node:net server keeps its sending side open after the client\'s FIN, as a C program does (kernel-faithful)',
      },
    ],
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: `${NODE_NET_FIN}: the server's reply fails that way and the client reads EOF instead of the reply`,
        source: NODE_NET_FIN_SOURCE,
        ...REPLY_AFTER_PEER_FIN,
        wire: answeredFin('client', 'server'),
      },
      {
        role: 'server',
        variant: 'bun-api',
        verified: true,
        reason: `${API_FIN}: the server's reply is refused and the client reads EOF instead of it`,
        source: API_FIN_SOURCE,
        steps: {
          'server still replies': API_WRITE_REFUSED,
          'client reads the reply': { eof: true },
        },
        wire: answeredFin('client', 'server'),
      },
    ],
  },
  'close/time-wait-after-active-close': {
    divergences: [
      {
        role: 'server',
        variant: '*',
        verified: true,
        reason: 'Every Bun listener, node:net\'s and Bun.listen\'s alike, gets SO_REUSEADDR before bind(2) and neither API can turn it off (Bun.listen has no such option; the bun-api agent replies unsupported to reuseAddr: false): a Bun server can always listen again on a port its own closed connections hold in TIME_WAIT (the TIME_WAIT itself is the kernel\'s, as in C)',
        source: 'oven-sh/bun packages/bun-usockets/src/bsd.c bsd_bind_listen_fd(): setsockopt(SO_REUSEADDR, 1) unconditionally on non-Windows, then listen(fd, 512); measured here (strace on both programs)',
        ...ALWAYS_REUSES_ADDRESS,
      },
    ],
  },
  'close/unread-data-sends-rst': {
    variants: [
      {
        ...SERVER_PAUSE_ON_CONNECT,
        description: 'Bun\'s node:net server does not read until asked, as a C program would not (kernel-faithful)',
      },
    ],
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: `Bun's node:net ${EAGER_READ}: the client reads a clean EOF`,
        source: 'oven-sh/bun src/js/node/net.ts: the server socket handlers\' open() calls _socket.resume() unless pauseOnConnect, and the native data handler pushes every read into the stream; measured here',
        ...EAGER_READ_SENDS_FIN,
      },
      {
        role: 'server',
        variant: 'bun-api',
        verified: true,
        reason: `Bun.listen ${EAGER_READ} (the socket reads into the data handler unless the program calls socket.pause() in open): the client reads a clean EOF`,
        source: 'oven-sh/bun src/bun.js/api/bun/socket/Listener.zig (an accepted socket is polled for reading from onCreate/onOpen) and packages/bun-usockets/src/loop.c (recv(2) into on_data); measured here (strace: recvfrom() of the bytes before close(2))',
        ...EAGER_READ_SENDS_FIN,
      },
      {
        role: 'client',
        variant: 'pauseOnConnect',
        verified: true,
        reason: 'The reset is as the kernel has it, but Bun\'s node:net destroys a socket after its first error, so after ECONNRESET the program gets no further read (the agent reports ERR_SOCKET_CLOSED, made up: no errno, no syscall) instead of EOF',
        source: 'oven-sh/bun src/js/node/net.ts (destroy on the read error the native close handler passes) and src/js/internal/streams/destroy.ts; measured here',
        ...NO_READ_AFTER_RESET,
      },
      {
        role: 'client',
        peer: ['c', 'python', 'go', 'rust'],
        verified: true,
        reason: 'Against a server that resets (C or Python leave the bytes unread; Bun\'s own server reads them and sends FIN), Bun\'s node:net client reports the ECONNRESET, then destroys the socket, so the program gets no further read (the agent reports ERR_SOCKET_CLOSED, made up: no errno, no syscall) instead of EOF',
        source: 'oven-sh/bun src/js/node/net.ts (destroy on the read error the native close handler passes) and src/js/internal/streams/destroy.ts; measured here (--pair c:bun, python:bun)',
        ...NO_READ_AFTER_RESET,
      },
      {
        role: 'client',
        variant: 'bun-api',
        peer: ['c', 'python', 'go', 'rust'],
        verified: true,
        reason: 'Against a server that resets (C or Python), Bun.connect\'s socket gets the ECONNRESET through its `close` handler (a failed read closes it), and after close the socket is detached: no further data, EOF or error comes (the agent names that silence socket-detached; made up: no errno, no syscall) instead of the kernel\'s EOF',
        source: 'oven-sh/bun packages/bun-usockets/src/loop.c (a read error closes the socket), src/bun.js/api/bun/socket.zig onClose() (the error goes to the close handler; the socket is then detached); measured here (--pair c:bun, python:bun)',
        steps: { 'later reads return EOF': { error: null, errorName: 'socket-detached', synthesized: true } },
      },
      {
        role: 'client',
        peer: ['deno'],
        verified: true,
        reason: 'Deno\'s server closes with shutdown(SHUT_WR) then close(2): its FIN, then (data unread) its RST; the client reads the FIN as a clean EOF (Deno\'s own divergence). Both Bun programs answer that FIN at once by closing their side (node:net with allowHalfOpen: false, Bun.connect without it), and when Bun\'s FIN reaches Deno before its close(2) no RST follows (measured once in 5 runs with node:net; the RST came in the other runs). The wire asserts only what never varies',
        source: `${NODE_NET_FIN_SOURCE}; ${API_FIN_SOURCE} (--pair deno:bun)`,
        steps: { 'client reads the reset': { eof: true } },
        wire: [
          { rule: 'sequence', why: 'the client\'s bytes, then Deno\'s FIN (its shutdown)', segments: [{ from: 'client', data: true }, { from: 'server', flags: ['FIN'] }] },
          { rule: 'count', segment: { from: 'server', flags: ['RST'] }, max: 1, why: 'at most the close\'s reset' },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
        ],
      },
      {
        role: 'client',
        variant: 'bun-api',
        peer: ['deno'],
        verified: true,
        reason: 'Deno\'s server closes with shutdown(SHUT_WR) then close(2): its FIN, then (data unread) its RST; the client reads the FIN as a clean EOF (Deno\'s own divergence). Both Bun programs answer that FIN at once by closing their side (node:net with allowHalfOpen: false, Bun.connect without it), and when Bun\'s FIN reaches Deno before its close(2) no RST follows (measured once in 5 runs with node:net; the RST came in the other runs). The wire asserts only what never varies',
        source: `${NODE_NET_FIN_SOURCE}; ${API_FIN_SOURCE} (--pair deno:bun)`,
        steps: { 'client reads the reset': { eof: true } },
        wire: [
          { rule: 'sequence', why: 'the client\'s bytes, then Deno\'s FIN (its shutdown)', segments: [{ from: 'client', data: true }, { from: 'server', flags: ['FIN'] }] },
          { rule: 'count', segment: { from: 'server', flags: ['RST'] }, max: 1, why: 'at most the close\'s reset' },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
        ],
      },
    ],
  },
  'connect/syn-dropped': {
    divergences: [
      {
        role: 'client',
        variant: '*',
        verified: true,
        reason: `${CONNECT_ERRNO}: here the kernel gives up with ETIMEDOUT after its SYN retries (~3 s, as in C) and the program is told ECONNREFUSED`,
        source: CONNECT_ERRNO_SOURCE,
        steps: { 'client connects': { error: 'ECONNREFUSED', synthesized: false } },
      },
    ],
  },
  'connect/syn-rejected-icmp': {
    divergences: [
      {
        role: 'client',
        variant: '*',
        verified: true,
        reason: `${CONNECT_ERRNO}: here the kernel fails the connect with EHOSTUNREACH (the ICMP host-unreachable) and the program is told ECONNREFUSED`,
        source: CONNECT_ERRNO_SOURCE,
        steps: { 'client connects': { error: 'ECONNREFUSED', synthesized: false } },
      },
    ],
  },
  // The errno whitelist decides per family: ENETUNREACH (both) and IPv4's EHOSTUNREACH are not on it, IPv6's EACCES is.
  'connect/syn-rejected-icmp-codes': {
    divergences: [
      {
        role: 'client',
        variant: '*',
        verified: true,
        reason: `${CONNECT_ERRNO_WHITELIST}: the kernel fails the connect with ENETUNREACH (ICMP net-unreachable, ICMPv6 no-route), not on the list, and the program is told ECONNREFUSED`,
        source: CONNECT_ERRNO_WHITELIST_SOURCE,
        steps: { 'client connects to the net-unreachable port': { error: 'ECONNREFUSED', synthesized: false } },
      },
      {
        role: 'client',
        variant: '*',
        families: ['ipv4'],
        verified: true,
        reason: `${CONNECT_ERRNO_WHITELIST}: over IPv4 the kernel fails the connect with EHOSTUNREACH (ICMP code 13, administratively prohibited), not on the list, and the program is told ECONNREFUSED; over IPv6 it is EACCES (ICMPv6 administratively prohibited), which is on the list, so the program sees what C sees`,
        source: CONNECT_ERRNO_WHITELIST_SOURCE,
        steps: { 'client connects to the prohibited port': { error: 'ECONNREFUSED', synthesized: false } },
      },
    ],
  },
  'halfopen/peer-restarted': {
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: `${NODE_NET_DESTROYED} (here the read error is ECONNRESET)`,
        source: NODE_NET_DESTROYED_SOURCE,
        ...NO_SEND_AFTER_READ_ERROR,
      },
      {
        role: 'client',
        variant: 'bun-api',
        verified: true,
        reason: `${API_NO_RECV_AFTER_ERROR} (here the read error is ECONNRESET)`,
        source: API_NO_RECV_AFTER_ERROR_SOURCE,
        steps: { 'a later send fails EPIPE': API_WRITE_REFUSED },
      },
    ],
  },
  'halfopen/peer-vanished': {
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: `${NODE_NET_DESTROYED} (here the read error is ETIMEDOUT)`,
        source: NODE_NET_DESTROYED_SOURCE,
        ...NO_SEND_AFTER_READ_ERROR,
      },
      {
        role: 'client',
        variant: 'bun-api',
        verified: true,
        reason: `${API_NO_RECV_AFTER_ERROR} (here the read error is ETIMEDOUT)`,
        source: API_NO_RECV_AFTER_ERROR_SOURCE,
        steps: { 'a later send fails EPIPE': API_WRITE_REFUSED },
      },
    ],
  },
  'listen/close-with-pending-connection': {
    variants: [
      {
        ...SERVER_PAUSE_ON_CONNECT,
        description: 'Bun\'s node:net server does not read what it accepted until asked: does that leave connections un-accepted too? (it does not)',
      },
    ],
    divergences: [
      {
        role: 'server',
        variant: '*',
        verified: true,
        reason: 'uSockets accepts every completed connection as soon as the listener is readable and hands it to the `open` handler (node:net turns that into \'connection\'): nothing waits un-accepted in the kernel, so closing the listener (server.close() / listener.stop()) resets nothing; the connection stays ESTABLISHED and the client\'s read waits (the agent\'s bounded wait ends it)',
        source: 'oven-sh/bun packages/bun-usockets/src/loop.c (listen socket readable: bsd_accept_socket() in a loop until EAGAIN, on_open for each) and src/bun.js/api/bun/socket/Listener.zig doStop() (closes only the listening socket unless stop(true)); measured here with node:net (with and without pauseOnConnect) and Bun.listen',
        ...ACCEPTS_EVERY_CONNECTION,
      },
    ],
  },
  'rst/challenge-ack-in-close-wait': {
    variants: [
      {
        ...CLIENT_ALLOW_HALF_OPEN,
        description: 'Bun\'s node:net client keeps its side open after the peer\'s FIN, so it stays in CLOSE-WAIT and its writes reach the kernel (kernel-faithful)',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: `The kernel part (CLOSE-WAIT, the challenge ACK, the survival) happens while Bun is stopped and holds. Once it runs again, ${NODE_NET_FIN}: both writes fail that way, nothing reaches the server, and the exact RST meets no socket`,
        source: NODE_NET_FIN_SOURCE,
        ...closeWaitEndedOnThaw({ error: 'EPIPE', synthesized: true }, 'Bun ends its side on the peer\'s FIN'),
      },
      {
        role: 'client',
        variant: 'allowHalfOpen',
        verified: true,
        reason: NODE_NET_READ_ERROR_FIRST,
        source: NODE_NET_READ_ERROR_FIRST_SOURCE,
        steps: { 'client sends after the reset': STREAM_DESTROYED },
      },
      {
        role: 'client',
        variant: 'bun-api',
        verified: true,
        reason: `The kernel part happens while Bun is stopped and holds. Once it runs again, ${API_FIN}: both writes fail that way and nothing reaches the server`,
        source: API_FIN_SOURCE,
        ...closeWaitEndedOnThaw(API_WRITE_REFUSED, 'Bun closes the socket on the peer\'s FIN'),
      },
    ],
  },
  'rst/reset-before-accept': {
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: `The queued connection is accepted and its first read reports the ECONNRESET as in C; ${NODE_NET_DESTROYED}; and the next read gets nothing (the agent reports ERR_SOCKET_CLOSED, made up: no errno, no syscall) instead of EOF`,
        source: NODE_NET_DESTROYED_SOURCE,
        steps: {
          'server reads again: EOF': { error: null, errorName: 'ERR_SOCKET_CLOSED', synthesized: true },
          'server writes: EPIPE': { error: null, errorName: 'ERR_STREAM_DESTROYED', synthesized: true },
        },
      },
      {
        role: 'server',
        variant: 'bun-api',
        verified: true,
        reason: `The queued connection is accepted and its first read reports the ECONNRESET as in C; ${API_NO_RECV_AFTER_ERROR}; the next read gets nothing (the agent names that silence socket-detached) instead of EOF`,
        source: API_NO_RECV_AFTER_ERROR_SOURCE,
        steps: {
          'server reads again: EOF': { error: null, errorName: 'socket-detached', synthesized: true },
          'server writes: EPIPE': API_WRITE_REFUSED,
        },
      },
    ],
  },
  'rst/segment-for-dead-connection': {
    variants: [
      {
        ...CLIENT_ALLOW_HALF_OPEN,
        description: 'Bun\'s node:net client keeps its side open after the peer\'s FIN, so its writes reach the kernel (kernel-faithful)',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: `${NODE_NET_FIN}: both writes fail that way, and the client's FIN, which the orphan acknowledges, means no RST ever`,
        source: NODE_NET_FIN_SOURCE,
        ...WRITES_TO_DEAD_PEER_AFTER_FIN,
        wire: answeredFin('server', 'client'),
      },
      {
        role: 'client',
        variant: 'allowHalfOpen',
        verified: true,
        reason: NODE_NET_READ_ERROR_FIRST,
        source: NODE_NET_READ_ERROR_FIRST_SOURCE,
        steps: {
          'the next write fails EPIPE': STREAM_DESTROYED,
          'a read after that returns EOF': { error: 'EPIPE', synthesized: false },
        },
      },
      {
        role: 'client',
        variant: 'bun-api',
        verified: true,
        reason: `${API_FIN}: both writes are refused, and the client's FIN, which the orphan acknowledges, means no RST ever`,
        source: API_FIN_SOURCE,
        steps: {
          'the write succeeds (its data draws the RST)': API_WRITE_REFUSED,
          'the next write fails EPIPE': API_WRITE_REFUSED,
        },
        wire: answeredFin('server', 'client'),
      },
    ],
  },
  'timeout/recv-timeout-sends-nothing': {
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'node:net has no SO_RCVTIMEO, in Bun as in Node: socket.setTimeout() is an idle timer that emits a \'timeout\' event and is no error (the agent names it timeout-event; no errno, made up by the runtime), and it leaves the socket open, so the connection stays usable as with the kernel. Bun reads incoming bytes eagerly, so at the second close nothing is unread in the kernel: FIN, and the server reads a clean EOF instead of ECONNRESET. (The bun-api program has no read timer finer than whole seconds, so it skips this case)',
        source: 'oven-sh/bun src/js/node/net.ts Socket.setTimeout (a JS idle timer) and the `timeout` handler that only emits \'timeout\'; the data handler pushes every read into the stream; measured here',
        ...IDLE_TIMER_NOT_RCVTIMEO,
        wire: [
          { rule: 'count', segment: { from: 'client', flags: ['FIN'] }, min: 2, max: 2, why: 'both closes are orderly: Bun had read everything' },
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
        description: 'Bun\'s node:net client keeps its own rules after the peer\'s FIN (no writeAfterFIN), so the write meets Writable\'s own refusal after end()',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: 'node:net\'s shutdown is socket.end(), and a write after end() never reaches the kernel. With the default allowHalfOpen: false the peer\'s FIN then installs writeAfterFIN, which blames the peer: EPIPE "This socket has been ended by the other party", made up by the runtime (no syscall) although our own end() is the cause; the wire is as the kernel has it',
        source: NODE_NET_FIN_SOURCE,
        ...WRITE_AFTER_END_BLAMES_PEER,
      },
      {
        role: 'client',
        variant: 'allowHalfOpen',
        verified: true,
        reason: 'node:net\'s shutdown is socket.end(): its Writable is then ending, and a later write() is refused by the runtime itself with ERR_STREAM_WRITE_AFTER_END before any syscall (no errno); the wire is as the kernel has it',
        source: 'oven-sh/bun src/js/internal/streams/writable.ts (write after end: ERR_STREAM_WRITE_AFTER_END); measured here',
        ...WRITE_AFTER_END_REFUSED,
      },
      {
        role: 'client',
        variant: 'bun-api',
        verified: true,
        reason: 'After socket.shutdown() (shutdown(SHUT_WR), as the kernel has it) Bun refuses every write itself: socket.write returns -1 with no error (the agent names it write-returned-minus-1) and never calls send(2); by then the peer\'s FIN has also made uSockets close the socket ("We got FIN back after sending it"). The wire is as the kernel has it',
        source: 'oven-sh/bun src/bun.js/api/bun/socket.zig writeOrEnd() (wrote = -1 once isShutdown() or isClosed()) and packages/bun-usockets/src/loop.c (eof on a shut-down socket: close with CLEAN_SHUTDOWN); measured here',
        steps: { 'a write after the shutdown fails EPIPE': API_WRITE_REFUSED },
      },
    ],
  },
  'write/epipe-on-second-write': {
    variants: [
      {
        ...CLIENT_ALLOW_HALF_OPEN,
        description: 'Bun\'s node:net client keeps its side open after the peer\'s FIN, so its writes reach the kernel (kernel-faithful)',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: `${NODE_NET_FIN}: both writes fail that way`,
        source: NODE_NET_FIN_SOURCE,
        ...WRITES_AFTER_PEER_FIN,
        wire: answeredFin('server', 'client'),
      },
      {
        role: 'client',
        variant: 'allowHalfOpen',
        verified: true,
        reason: NODE_NET_READ_ERROR_FIRST,
        source: NODE_NET_READ_ERROR_FIRST_SOURCE,
        steps: {
          'second write fails EPIPE': STREAM_DESTROYED,
          'a read after that returns EOF': { error: 'EPIPE', synthesized: false },
        },
      },
      {
        role: 'client',
        variant: 'bun-api',
        verified: true,
        reason: `${API_FIN}: both writes are refused`,
        source: API_FIN_SOURCE,
        steps: {
          'first write succeeds': API_WRITE_REFUSED,
          'second write fails EPIPE': API_WRITE_REFUSED,
        },
        wire: answeredFin('server', 'client'),
      },
    ],
  },
  'write/reuse-after-peer-fin': {
    variants: [
      {
        ...CLIENT_ALLOW_HALF_OPEN,
        description: 'Bun\'s node:net client keeps its side open after the server\'s FIN, as a pooled C client does, so its request reaches the kernel (kernel-faithful)',
      },
    ],
    divergences: [
      {
        role: 'client',
        verified: true,
        reason: `${NODE_NET_FIN}: its eager read meets the server's FIN before the program sends, in either order, so every request fails that way and no RST is ever drawn`,
        source: NODE_NET_FIN_SOURCE,
        steps: {
          'send first: the request is accepted': { error: 'EPIPE', synthesized: true },
          'the next write fails EPIPE': { error: 'EPIPE', synthesized: true },
          'the request after EOF is accepted': { error: 'EPIPE', synthesized: true },
        },
        wire: answeredFin('server', 'client'),
      },
      {
        role: 'client',
        variant: 'allowHalfOpen',
        verified: true,
        reason: `${NODE_NET_READ_ERROR_FIRST}. So the program's read after the RST reports EPIPE where C reads EOF, on both connections, and the write after it is refused`,
        source: NODE_NET_READ_ERROR_FIRST_SOURCE,
        steps: {
          'the read after the RST sees EOF': { error: 'EPIPE', synthesized: false },
          'the next write fails EPIPE': STREAM_DESTROYED,
          'the read after that RST sees EOF again': { error: 'EPIPE', synthesized: false },
        },
      },
      {
        role: 'client',
        variant: 'bun-api',
        verified: true,
        reason: `${API_FIN}: its eager read meets the server's FIN before the program sends, in either order, so every request is refused and no RST is ever drawn`,
        source: API_FIN_SOURCE,
        steps: {
          'send first: the request is accepted': API_WRITE_REFUSED,
          'the next write fails EPIPE': API_WRITE_REFUSED,
          'the request after EOF is accepted': API_WRITE_REFUSED,
        },
        wire: answeredFin('server', 'client'),
      },
    ],
  },
  'write/reset-after-unread-close': {
    variants: [
      {
        ...SERVER_PAUSE_ON_CONNECT,
        description: 'Bun\'s node:net server does not read until asked, as a C program would not, so its close sends RST (kernel-faithful)',
      },
    ],
    divergences: [
      {
        role: 'both',
        verified: true,
        reason: `Bun's node:net server ${EAGER_READ}. The client's own eager read meets that FIN before the write request is handled and, ${NODE_NET_FIN_RULE}: both writes fail that way and no RST is ever sent`,
        source: `${NODE_NET_FIN_SOURCE}; the server socket handlers' open() resumes reading unless pauseOnConnect`,
        ...WRITES_AFTER_EAGER_FIN,
        wire: FIN_BOTH_WAYS,
      },
      {
        role: 'client',
        variant: 'pauseOnConnect',
        verified: true,
        reason: 'The RST is as the kernel has it, but the client program never sees it through a write: Bun\'s node:net client reads eagerly, its read fails ECONNRESET first and the socket is destroyed, so both writes fail ERR_STREAM_DESTROYED, made up by the Writable (no errno, no syscall)',
        source: NODE_NET_DESTROYED_SOURCE,
        ...WRITES_AFTER_READ_RESET,
      },
      {
        role: 'both',
        variant: 'bun-api',
        verified: true,
        reason: `Bun.listen ${EAGER_READ}. On the client, without allowHalfOpen, ${API_FIN_RULE}: both writes are refused and no RST is ever sent`,
        source: `${API_FIN_SOURCE}; Bun.listen reads every accepted socket at once`,
        steps: {
          'first write fails ECONNRESET': API_WRITE_REFUSED,
          'second write fails EPIPE': API_WRITE_REFUSED,
        },
        wire: FIN_BOTH_WAYS,
      },
      // Cross-runtime pairs: what each Bun side does against a peer that behaves otherwise.
      {
        role: 'server',
        peer: ['c', 'python', 'deno', 'go', 'rust'],
        verified: true,
        reason: `Both Bun programs' servers read eagerly (${EAGER_READ}). A client that does not read eagerly (C, Python, Deno, Go, Rust) then writes into a connection whose other end is gone: the first write succeeds and its bytes draw a RST (no ACK bit: the socket no longer exists), and the second write fails EPIPE, as the kernel has it after a RST following FIN`,
        source: 'oven-sh/bun src/js/node/net.ts (server open() resumes reading unless pauseOnConnect) and packages/bun-usockets/src/loop.c (Bun.listen sockets are read at once); Linux net/ipv4/tcp_ipv4.c tcp_v4_send_reset() for a segment to no socket; measured here (--pair bun:c, bun:python, bun:deno, both programs)',
        ...EAGER_SERVER_FIN_THEN_RST,
      },
      {
        role: 'server',
        variant: 'bun-api',
        peer: ['c', 'python', 'deno', 'go', 'rust'],
        verified: true,
        reason: `Both Bun programs' servers read eagerly (${EAGER_READ}). A client that does not read eagerly (C, Python, Deno, Go, Rust) then writes into a connection whose other end is gone: the first write succeeds and its bytes draw a RST (no ACK bit: the socket no longer exists), and the second write fails EPIPE, as the kernel has it after a RST following FIN`,
        source: 'oven-sh/bun src/js/node/net.ts (server open() resumes reading unless pauseOnConnect) and packages/bun-usockets/src/loop.c (Bun.listen sockets are read at once); Linux net/ipv4/tcp_ipv4.c tcp_v4_send_reset() for a segment to no socket; measured here (--pair bun:c, bun:python, bun:deno, both programs)',
        ...EAGER_SERVER_FIN_THEN_RST,
      },
      {
        role: 'server',
        peer: ['node'],
        verified: true,
        reason: `Both Bun programs' servers read eagerly (${EAGER_READ}); Node's client meets that FIN on its own eager read and, with allowHalfOpen: false, ends its side and swaps socket.write for writeAfterFIN: both writes get an EPIPE made up by Node (no syscall), nothing reaches the wire, and no RST is ever sent`,
        source: 'oven-sh/bun src/js/node/net.ts and packages/bun-usockets/src/loop.c (eager reads on the server); nodejs/node lib/net.js onReadableStreamEnd() (writeAfterFIN); measured here (--pair bun:node, both programs)',
        ...WRITES_AFTER_EAGER_FIN,
        wire: FIN_BOTH_WAYS,
      },
      {
        role: 'server',
        variant: 'bun-api',
        peer: ['node'],
        verified: true,
        reason: `Both Bun programs' servers read eagerly (${EAGER_READ}); Node's client meets that FIN on its own eager read and, with allowHalfOpen: false, ends its side and swaps socket.write for writeAfterFIN: both writes get an EPIPE made up by Node (no syscall), nothing reaches the wire, and no RST is ever sent`,
        source: 'oven-sh/bun src/js/node/net.ts and packages/bun-usockets/src/loop.c (eager reads on the server); nodejs/node lib/net.js onReadableStreamEnd() (writeAfterFIN); measured here (--pair bun:node, both programs)',
        ...WRITES_AFTER_EAGER_FIN,
        wire: FIN_BOTH_WAYS,
      },
      {
        role: 'client',
        peer: ['c', 'python', 'go', 'rust'],
        verified: true,
        reason: 'Against a server that does reset (C or Python leave the bytes unread), Bun\'s node:net client meets the RST on its own eager read, which fails ECONNRESET first; the socket is destroyed, so both writes then fail ERR_STREAM_DESTROYED, made up by the Writable (no errno, no syscall, nothing on the wire)',
        source: `${NODE_NET_DESTROYED_SOURCE} (--pair c:bun, python:bun)`,
        ...WRITES_AFTER_READ_RESET,
      },
      {
        role: 'client',
        variant: 'bun-api',
        peer: ['c', 'python', 'go', 'rust'],
        verified: true,
        reason: 'Against a server that does reset (C or Python), Bun.connect\'s socket meets the RST on its own eager read: the read fails ECONNRESET, Bun closes the socket (the error goes to the close handler), and both writes then return -1, Bun\'s refusal with no error (the agent names it write-returned-minus-1; nothing on the wire)',
        source: 'oven-sh/bun packages/bun-usockets/src/loop.c (a read error closes the socket) and src/bun.js/api/bun/socket.zig write() (-1 on a detached socket); measured here (--pair c:bun, python:bun)',
        steps: {
          'first write fails ECONNRESET': API_WRITE_REFUSED,
          'second write fails EPIPE': API_WRITE_REFUSED,
        },
      },
      {
        role: 'client',
        peer: ['deno'],
        verified: true,
        reason: `Deno's server closes with shutdown(SHUT_WR) then close(2): its FIN, then its RST. Bun's node:net client meets the FIN on its own eager read first and, ${NODE_NET_FIN_RULE}: both writes fail that way (the kernel's EPIPE from send(2), which the case expects after a FIN and RST, is never reached). Whether Deno's RST still goes out depends on whether Bun's own FIN reached Deno before its close(2) (both orders seen here), so the wire asserts only what never varies`,
        source: `${NODE_NET_FIN_SOURCE} (--pair deno:bun: the steps alike in every run; the RST missing in 1 of 6 sweeps)`,
        ...WRITES_AFTER_EAGER_FIN,
        wire: [
          { rule: 'sequence', why: 'the client\'s bytes, then Deno\'s FIN (its shutdown)', segments: [{ from: 'client', data: true }, { from: 'server', flags: ['FIN'] }] },
          { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 1, why: 'the refused writes put nothing on the wire' },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
        ],
      },
      {
        role: 'client',
        variant: 'bun-api',
        peer: ['deno'],
        verified: true,
        reason: `Deno's server closes with shutdown(SHUT_WR) then close(2): its FIN, then (data unread) its RST. On Bun.connect's socket, ${API_FIN_RULE}: both writes are refused. Whether Deno's RST still goes out depends on whether Bun's FIN reached Deno before its close(2) (both orders measured), so the wire asserts only what never varies`,
        source: `${API_FIN_SOURCE} (--pair deno:bun, 3 runs: the RST in 2 of them)`,
        steps: {
          'first write fails ECONNRESET': API_WRITE_REFUSED,
          'second write fails EPIPE': API_WRITE_REFUSED,
        },
        wire: [
          { rule: 'sequence', why: 'the client\'s bytes, then Deno\'s FIN (its shutdown)', segments: [{ from: 'client', data: true }, { from: 'server', flags: ['FIN'] }] },
          { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 1, why: 'the refused writes put nothing on the wire' },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
        ],
      },
      {
        role: 'client',
        peer: ['node', 'python/asyncio'],
        verified: true,
        reason: `Node's server (and an asyncio one) reads eagerly, so its close sends FIN, not RST; Bun's node:net client meets that FIN on its own eager read and, ${NODE_NET_FIN_RULE}: both writes fail that way and no RST is ever sent`,
        source: `nodejs/node lib/net.js onconnection() (eager read); ${NODE_NET_FIN_SOURCE} (--pair node:bun; --pair python:bun with the asyncio program)`,
        ...WRITES_AFTER_EAGER_FIN,
        wire: FIN_BOTH_WAYS,
      },
      {
        role: 'client',
        variant: 'bun-api',
        peer: ['node'],
        verified: true,
        reason: `Node's server reads eagerly, so its close sends FIN, not RST; on Bun.connect's socket, ${API_FIN_RULE}: both writes are refused and no RST is ever sent`,
        source: `nodejs/node lib/net.js onconnection() (eager read); ${API_FIN_SOURCE} (--pair node:bun)`,
        steps: {
          'first write fails ECONNRESET': API_WRITE_REFUSED,
          'second write fails EPIPE': API_WRITE_REFUSED,
        },
        wire: FIN_BOTH_WAYS,
      },
    ],
  },
});
