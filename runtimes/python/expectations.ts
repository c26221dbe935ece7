// What the Python agent does differently from the Linux kernel-layer expectation: nothing, in
// the 22 cases of suites/, as measured here (13 runs of `sockspec --runtime python` under CPython
// 3.11.7, one or two each under 3.8.18, 3.11.2, 3.12.1 and 3.13.0, and the pairs c:python and
// python:c: every case passed, every step with the same outcome in every run). Python's socket
// module makes one syscall per call and raises its errno, so every step a case checks (errno,
// synthesized, EOF, data, state, the wire) is the kernel's:
// - the errno is the kernel's, named by CPython's OSError subclass (ConnectionResetError,
//   BrokenPipeError, ConnectionRefusedError, TimeoutError for a kernel ETIMEDOUT, BlockingIOError
//   for an expired SO_RCVTIMEO, plain OSError for EADDRINUSE or EHOSTUNREACH): cases compare the
//   errno, and a name only where they list `errorName`, which none does for the kernel layer;
// - writes to a reset or shut-down connection fail EPIPE rather than killing the agent, because
//   the interpreter ignores SIGPIPE from start-up (Python/pylifecycle.c), like MSG_NOSIGNAL in C;
// - close() never reports ECONNRESET (Modules/socketmodule.c sock_close, bpo-30319), but no case
//   expects close to fail.
// The one place Python's idiom parts from the kernel is sock.settimeout(), which the agent does not
// use for `rcvtimeo` (see agent.py): it is a poll inside Python, ending in a TimeoutError it makes
// up (socket.timeout before 3.10; errno None), and it leaves the fd O_NONBLOCK.
//
// The program `asyncio` (agent_asyncio.py: asyncio streams, its event loop running between requests
// as a server's does) parts from the kernel in the ways below, each `variant: 'asyncio'`, measured
// here (CPython 3.11.7, Linux 6.18) and read in python/cpython Lib/asyncio (the same functions in
// 3.8-3.13 and main). Roles say whose asyncio does it, so cross pairs with C get the right side.
import type { WireRule } from '../../harness/case/case-types.ts';
import { defineExpectations } from '../../harness/case/define-expectations.ts';

const ASYNCIO = 'asyncio';
const CPY = 'python/cpython Lib/asyncio/';
const EAGER = 'every asyncio transport reads what arrives as soon as the socket is readable, into its StreamReader (up to 2 x 64 KiB), whether or not the program reads: at close the kernel holds nothing unread, so it sends FIN, not RST';
const EAGER_SOURCE = `${CPY}selector_events.py _SelectorSocketTransport._read_ready__data_received() (recv(2) on readiness, handed to protocol.data_received) and streams.py StreamReaderProtocol.data_received() -> StreamReader.feed_data(); measured here`;
const DRAIN_LOST = 'once the transport\'s send(2) fails (EPIPE), asyncio closes the transport and drain() raises ConnectionResetError(\'Connection lost\'), an error it makes up (no errno); the real EPIPE goes to the StreamReader, and the next read raises it instead of EOF';
const DRAIN_LOST_SOURCE = `${CPY}selector_events.py _SelectorSocketTransport.write() (a send error: _fatal_error -> _force_close -> connection_lost(exc)), streams.py StreamWriter.drain() (sleep(0) while the transport closes, then FlowControlMixin._drain_helper(): raise ConnectionResetError('Connection lost')), StreamReaderProtocol.connection_lost() (reader.set_exception(exc)) and StreamReader.read() (raises the stored exception); measured here`;
const AFTER_EOF = 'after the peer\'s FIN the transport stops polling for reads (StreamReaderProtocol.eof_received keeps the connection half-open), so a RST that follows is found only by the next send(2)';
const AFTER_EOF_SOURCE = `${CPY}selector_events.py _SelectorSocketTransport._read_ready__on_eof() (eof_received() true: _remove_reader) and streams.py StreamReaderProtocol.eof_received()`;
const REPLAY = 'the transport\'s own read met the error first and closed the transport; asyncio keeps that exception in the StreamReader, swallows later writes, and drain() raises it again: the errno is the recv(2)\'s (the agent names syscall "recv"), not a failing send(2)\'s';
const REPLAY_SOURCE = `${CPY}selector_events.py _SelectorSocketTransport._read_ready__data_received() (a recv error: _fatal_error) and write() (returns without a syscall once _conn_lost), streams.py StreamWriter.drain() (raises self._reader.exception() first); measured here`;
const LOST = { error: null, errorName: 'ConnectionResetError', synthesized: true } as const;

// write/reset-after-unread-close with asyncio on both sides: FIN, the client's first write draws a RST.
const FIN_THEN_RST: WireRule[] = [
  { rule: 'sequence', why: 'the eager read left nothing unread: FIN; the first write after it draws the RST', segments: [{ from: 'server', flags: ['FIN'] }, { from: 'client', data: true }, { from: 'server', flags: ['RST'] }] },
  { rule: 'count', segment: { from: 'client', data: true }, min: 2, max: 2, why: 'the bytes, then the first write; the second never reaches the kernel' },
  { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
];

export default defineExpectations({
  'close/rst-keeps-received-data': {
    divergences: [{
      role: 'client', variant: ASYNCIO, verified: true,
      reason: 'The kernel keeps the bytes that came before the RST, and the thawed transport reads them into the StreamReader at once, but its next recv(2) fails ECONNRESET and closes the transport, and StreamReader.read() raises a stored exception before it looks at its buffer. So the program gets the bytes only when its read runs between those two recv(2) calls of the loop (a read already waiting would; the agent\'s read starts when the request arrives): measured here, 5 of 15 runs read the bytes and 10 ECONNRESET. What never varies is asserted: the reset is reported, by this read or the next',
      source: `${CPY}streams.py StreamReader.read() and readexactly() (\`if self._exception is not None: raise self._exception\` before the buffer), StreamReaderProtocol.connection_lost() (set_exception), selector_events.py _SelectorSocketTransport._read_ready__data_received() (a recv error: _fatal_error); measured here`,
      // The bytes or ECONNRESET, by how the request meets the loop's two reads: either is asyncio's.
      steps: { 'client reads the buffered data': {} },
    }],
  },
  'close/time-wait-after-active-close': {
    divergences: [{
      role: 'server', variant: ASYNCIO, verified: true,
      reason: 'asyncio.start_server() sets SO_REUSEADDR before bind(2) on POSIX unless reuse_address=False is passed, so a listener without reuseAddr has it, and so did the listener whose connections now sit in TIME_WAIT: every rebind succeeds (the TIME_WAIT itself is the kernel\'s, as in C)',
      source: `${CPY}base_events.py BaseEventLoop.create_server(): \`if reuse_address is None: reuse_address = os.name == "posix" and sys.platform != "cygwin"\`; measured here`,
      steps: {
        'plain: rebinding fails': { ok: true },
        'new socket reuses: rebinding still fails': { ok: true },
        'old socket reused: rebinding still fails': { ok: true },
      },
    }],
  },
  'close/unread-data-sends-rst': {
    divergences: [{
      // Before the general one: on the mptcp net the orderly close it describes is a DATA_FIN, not a TCP FIN.
      role: 'server', variant: ASYNCIO, nets: ['mptcp'], verified: true,
      reason: `The server's transport ${EAGER}; the client reads EOF. On MPTCP that orderly close is a DATA_FIN in the DSS option of a bare ACK, not a TCP FIN (net/mptcp/protocol.c __mptcp_close(): __mptcp_wr_shutdown())`,
      source: `${EAGER_SOURCE}; net/mptcp/protocol.c __mptcp_close(); measured here on the mptcp net`,
      steps: { 'client reads the reset': { eof: true } },
      wire: [
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'nothing unread: no fastclose' },
        { rule: 'absent', segment: { from: 'server', flags: ['FIN'] }, why: 'the close is a DATA_FIN' },
      ],
    }, {
      role: 'server', variant: ASYNCIO, verified: true,
      reason: `The server's transport ${EAGER}; the client reads EOF`,
      source: EAGER_SOURCE,
      steps: { 'client reads the reset': { eof: true } },
      wire: [
        { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'nothing unread in the kernel: an orderly close' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
      ],
    }, {
      role: 'client', variant: ASYNCIO, peer: ['c', 'go', 'rust'], verified: true,
      reason: 'Against a server that does reset (C), the client\'s transport meets ECONNRESET on its own read and asyncio keeps that exception in the StreamReader: every later read raises it again, where the kernel reports the reset once and then EOF',
      source: `${CPY}streams.py StreamReaderProtocol.connection_lost() (reader.set_exception(exc)) and StreamReader.read() (raises self._exception on every call); measured here (--pair c:python)`,
      steps: { 'later reads return EOF': { error: 'ECONNRESET' } },
    }],
  },
  'halfopen/peer-restarted': {
    divergences: [{
      role: 'client', variant: ASYNCIO, verified: true,
      reason: `The RST that answers "after" reaches the client's read first (ECONNRESET, as in C); then ${REPLAY}, so the later send fails ECONNRESET instead of the kernel's EPIPE`,
      source: REPLAY_SOURCE,
      steps: { 'a later send fails EPIPE': { error: 'ECONNRESET', synthesized: false } },
    }],
  },
  'halfopen/peer-vanished': {
    divergences: [{
      role: 'client', variant: ASYNCIO, verified: true,
      reason: `The retransmissions give up and the read fails ETIMEDOUT, as in C; then ${REPLAY}, so the later send fails ETIMEDOUT instead of the kernel's EPIPE`,
      source: REPLAY_SOURCE,
      steps: { 'a later send fails EPIPE': { error: 'ETIMEDOUT', synthesized: false } },
    }],
  },
  'timeout/user-timeout': {
    divergences: [{
      role: 'client', variant: ASYNCIO, verified: true,
      reason: `TCP_USER_TIMEOUT ends the connection and the read fails ETIMEDOUT, as in C; then ${REPLAY}, so the later send fails ETIMEDOUT instead of the kernel's EPIPE`,
      source: REPLAY_SOURCE,
      steps: { 'a later send fails EPIPE': { error: 'ETIMEDOUT', synthesized: false } },
    }],
  },
  'timeout/keepalive-finds-dead-peer': {
    divergences: [{
      role: 'client', variant: ASYNCIO, verified: true,
      reason: `Keep-alive finds the vanished peer and the read fails ETIMEDOUT, as in C; then ${REPLAY}, so the later send fails ETIMEDOUT instead of the kernel's EPIPE`,
      source: REPLAY_SOURCE,
      steps: { 'a later send fails EPIPE': { error: 'ETIMEDOUT', synthesized: false } },
    }],
  },
  'listen/close-with-pending-connection': {
    divergences: [{
      role: 'server', variant: ASYNCIO, verified: true,
      reason: 'asyncio\'s server accepts every completed connection as soon as the listener is readable and hands it to the client_connected_cb: nothing waits un-accepted, and Server.close() closes only the listening socket, leaving accepted connections open, so nothing is reset; the client\'s read waits (the agent\'s bounded wait ends it)',
      source: `${CPY}selector_events.py BaseSelectorEventLoop._accept_connection() (accept(2) up to backlog times per readiness, a transport for each) and base_events.py Server.close() (only self._sockets, via _stop_serving); measured here`,
      steps: { 'client reads the reset': { errorName: 'agent-timeout' } },
      wire: [{ rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the connection was accepted, so closing the listener leaves it alone' }],
    }],
  },
  'rst/challenge-ack-in-close-wait': {
    divergences: [
      {
        role: 'client',
        variant: ASYNCIO,
        verified: true,
        reason: `The exact RST in CLOSE-WAIT leaves EPIPE pending (Linux tcp_reset()); ${AFTER_EOF}, and ${DRAIN_LOST}`,
        source: `${AFTER_EOF_SOURCE}; ${DRAIN_LOST_SOURCE}`,
        steps: { 'client sends after the reset': LOST },
      },
    ],
  },
  'rst/reset-before-accept': {
    divergences: [{
      role: 'server', variant: ASYNCIO, verified: true,
      reason: `The queued connection is accepted and the first read reports ECONNRESET as in C; ${REPLAY}, so the next read raises ECONNRESET again instead of EOF and the write fails ECONNRESET instead of EPIPE`,
      source: REPLAY_SOURCE,
      steps: {
        'server reads again: EOF': { error: 'ECONNRESET', synthesized: false },
        'server writes: EPIPE': { error: 'ECONNRESET', synthesized: false },
      },
    }],
  },
  'rst/segment-for-dead-connection': {
    divergences: [{
      // On the mptcp net no RST comes back (the net's divergence: the write succeeds), so nothing is replayed.
      role: 'client', variant: ASYNCIO, nets: ['mptcp'], verified: true,
      reason: 'On MPTCP nothing resets the connection after the dead peer\'s close (the mptcp net\'s divergence), so asyncio has no error to replay: the read after the writes returns EOF, as in C',
      source: 'harness/net/nets/mptcp.expectations.ts (rst/segment-for-dead-connection); measured here on the mptcp net',
      steps: { 'a read after that returns EOF': { eof: true } },
    }, {
      role: 'client', variant: ASYNCIO, verified: true,
      reason: `${AFTER_EOF}; ${DRAIN_LOST}`,
      source: `${AFTER_EOF_SOURCE}; ${DRAIN_LOST_SOURCE}`,
      steps: {
        'the next write fails EPIPE': LOST,
        'a read after that returns EOF': { error: 'EPIPE', synthesized: false },
      },
    }],
  },
  'timeout/recv-timeout-sends-nothing': {
    divergences: [{
      // On the mptcp net: nothing unread, so both closes are DATA_FINs (no fastclose, no TCP FIN); the steps as below.
      role: 'client', variant: ASYNCIO, nets: ['mptcp'], verified: true,
      reason: 'The client\'s transport reads eagerly, so both closes find nothing unread: on MPTCP each is a DATA_FIN in a bare ACK (net/mptcp/protocol.c __mptcp_close(): __mptcp_wr_shutdown()), no fastclose RST and no TCP FIN',
      source: `${EAGER_SOURCE}; net/mptcp/protocol.c __mptcp_close(); measured here on the mptcp net`,
      wire: [
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing unread: no fastclose' },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the server never resets' },
      ],
    }, {
      role: 'client', variant: ASYNCIO, verified: true,
      reason: `asyncio has no SO_RCVTIMEO read (its sockets are non-blocking; reads wait in the event loop): its read timeout is asyncio.wait_for(), whose expiry is a TimeoutError asyncio makes up (no errno, nothing sent) and which leaves the connection usable. The client's transport ${EAGER}: the second close sends FIN and the server reads EOF`,
      source: `${CPY}tasks.py wait_for() (cancels the read and raises TimeoutError; asyncio.TimeoutError before 3.11) and streams.py StreamReader.read() (cancel-safe: nothing consumed until data is there); ${EAGER_SOURCE}`,
      steps: {
        'the receive timeout expires': { error: null, errorName: 'TimeoutError', synthesized: true },
        'the second receive timeout expires': { error: null, errorName: 'TimeoutError', synthesized: true },
        'server reads the reset': { eof: true },
      },
      wire: [
        { rule: 'count', segment: { from: 'client', flags: ['FIN'] }, min: 2, max: 2, why: 'both closes are orderly: nothing was unread' },
        { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
        { rule: 'absent', segment: { from: 'server', flags: ['RST'] }, why: 'the server never resets' },
      ],
    }],
  },
  'write/after-local-shutdown': {
    divergences: [{
      role: 'client', variant: ASYNCIO, verified: true,
      reason: 'writer.write() after writer.write_eof() raises RuntimeError(\'Cannot call write() after write_eof()\'): asyncio refuses the write itself (no errno, no syscall, nothing on the wire) instead of the kernel\'s EPIPE',
      source: `${CPY}selector_events.py _SelectorSocketTransport.write() (\`if self._eof: raise RuntimeError\`) and write_eof() (shutdown(SHUT_WR) once the buffer is empty); measured here`,
      steps: { 'a write after the shutdown fails EPIPE': { error: null, errorName: 'RuntimeError', synthesized: true } },
    }],
  },
  'write/epipe-on-second-write': {
    divergences: [{
      // On the mptcp net no RST comes back (the net's divergence: the second write succeeds), so nothing is replayed.
      role: 'client', variant: ASYNCIO, nets: ['mptcp'], verified: true,
      reason: 'On MPTCP nothing resets the connection after the peer\'s close (the mptcp net\'s divergence), so asyncio has no error to replay: the read after the writes returns EOF, as in C',
      source: 'harness/net/nets/mptcp.expectations.ts (write/epipe-on-second-write); measured here on the mptcp net',
      steps: { 'a read after that returns EOF': { eof: true } },
    }, {
      role: 'client', variant: ASYNCIO, verified: true,
      reason: `The first write goes out and draws the RST, as in C; ${AFTER_EOF}, and ${DRAIN_LOST}`,
      source: `${AFTER_EOF_SOURCE}; ${DRAIN_LOST_SOURCE}`,
      steps: {
        'second write fails EPIPE': LOST,
        'a read after that returns EOF': { error: 'EPIPE', synthesized: false },
      },
    }],
  },
  'close/after-peer-reset-sends-nothing': {
    divergences: [{
      role: 'server', variant: ASYNCIO, verified: true,
      reason: `Nothing reaches the wire, as in C; but the server's transport ${EAGER}, so its own recv(2) met the RST (ECONNRESET) and closed the transport with that error, and the close (writer.close(), then wait_closed()) raises it again: close reports the earlier recv's ConnectionResetError instead of succeeding`,
      source: `${EAGER_SOURCE}; ${CPY}selector_events.py _SelectorSocketTransport._read_ready__data_received() (a recv error: _fatal_error -> connection_lost(exc)), streams.py StreamReaderProtocol.connection_lost() (self._closed.set_exception(exc)) and StreamWriter.wait_closed() (awaits that future)`,
      steps: { 'server closes with the data unread': { error: 'ECONNRESET', synthesized: false } },
    }],
  },
  'write/reuse-after-peer-fin': {
    divergences: [{
      role: 'client', variant: ASYNCIO, verified: true,
      reason: `The request goes out and draws the RST, and the reads see EOF, as in C (${AFTER_EOF}); the write after the RST fails in send(2) with EPIPE, and ${DRAIN_LOST}`,
      source: `${AFTER_EOF_SOURCE}; ${DRAIN_LOST_SOURCE}`,
      steps: { 'the next write fails EPIPE': LOST },
    }],
  },
  'write/reset-after-unread-close': {
    divergences: [{
      role: 'both', variant: ASYNCIO, verified: true,
      reason: `The server's transport ${EAGER}. So the client's first write succeeds and draws the RST (the client had stopped reading at the FIN: ${AFTER_EOF}), and ${DRAIN_LOST}`,
      source: `${EAGER_SOURCE}; ${DRAIN_LOST_SOURCE}`,
      steps: {
        'first write fails ECONNRESET': { ok: true },
        'second write fails EPIPE': LOST,
      },
      wire: FIN_THEN_RST,
    }, {
      role: 'server', variant: ASYNCIO, peer: ['c', 'go', 'rust', 'deno'], verified: true,
      reason: `The asyncio server's transport ${EAGER}. A client that does not read eagerly (C, Go, Rust, Deno) then writes: its first write succeeds and draws the RST, and its second fails EPIPE as the kernel has it`,
      source: EAGER_SOURCE,
      steps: { 'first write fails ECONNRESET': { ok: true } },
      wire: FIN_THEN_RST,
    }, {
      role: 'client', variant: ASYNCIO, peer: ['c', 'go', 'rust'], verified: true,
      reason: `The C server's close does reset; the asyncio client's transport meets the RST on its own read before the first write request, and ${REPLAY}: both writes fail ECONNRESET, the second instead of EPIPE`,
      source: REPLAY_SOURCE,
      steps: { 'second write fails EPIPE': { error: 'ECONNRESET', synthesized: false } },
    }, {
      role: 'client', variant: ASYNCIO, peer: ['node', 'bun'], verified: true,
      reason: `A Node or Bun server reads eagerly too, so its close sends FIN; the asyncio client's first write succeeds and draws the RST (${AFTER_EOF}), and ${DRAIN_LOST}`,
      source: `${DRAIN_LOST_SOURCE} (--pair node:python, bun:python with the asyncio program)`,
      steps: {
        'first write fails ECONNRESET': { ok: true },
        'second write fails EPIPE': LOST,
      },
      wire: FIN_THEN_RST,
    }, {
      role: 'client', variant: ASYNCIO, peer: ['deno'], verified: true,
      reason: `Deno's close is shutdown(SHUT_WR) then close(2): its FIN, then its RST for the unread bytes. The asyncio client's transport is closed by the time of the first write, so drain() raises the made-up ConnectionResetError('Connection lost') (no errno); the second write reaches send(2), which fails EPIPE as the kernel has it after FIN then RST`,
      source: `${DRAIN_LOST_SOURCE} (--pair deno:python with the asyncio program)`,
      steps: {
        'first write fails ECONNRESET': LOST,
        'second write fails EPIPE': { error: 'EPIPE', synthesized: false },
      },
    }],
  },
});
