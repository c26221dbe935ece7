// Java's runtime layer, case by case: where java.net (the idiomatic agent) and blocking java.nio
// channels (the `nio` program) differ from the kernel layer, measured here on OpenJDK 17.0.15
// (Debian) and Temurin 25.0.3, Linux. A divergence without `variant` is java.net's, `variant: 'nio'`
// the channels', '*' both. Every one below held alike on both JDKs: the exception classes and
// messages the cases meet ("java.net.SocketException: Connection reset", "...: Broken pipe",
// "java.net.ConnectException: Connection refused", "java.net.SocketTimeoutException: Read timed
// out", "java.nio.channels.AsynchronousCloseException") are the same text in 17 and 25.
import { defineExpectations } from '../../harness/case/define-expectations.ts';

const NIO_SOCKET_IMPL = 'openjdk/jdk src/java.base/share/classes/sun/nio/ch/NioSocketImpl.java';
const SOCKET_CHANNEL_IMPL = 'openjdk/jdk src/java.base/share/classes/sun/nio/ch/SocketChannelImpl.java';

// A java.net.Socket closed with its linger not 0 sends FIN before close(2) resets: the peer reads that FIN first.
const CLOSE_SHUTS_OUTPUT_FIRST = {
  reason: 'java.net.Socket.close() (NioSocketImpl since JDK 13) first calls shutdown(SHUT_WR) unless SO_LINGER is 0, then close(2): the FIN leaves before close(2) finds the unread data and sends RST, so the peer, already in CLOSE_WAIT, reads a clean EOF, and the RST only sets the error a later write sees (EPIPE in CLOSE_WAIT, Linux tcp_reset())',
  source: `${NIO_SOCKET_IMPL} close(): "shutdown output when linger interval not set to 0" (Net.shutdown(fd, Net.SHUT_WR)) before tryClose(); measured here`,
} as const;

export default defineExpectations({
  'close/time-wait-after-active-close': {
    divergences: [
      {
        role: 'server',
        variant: '*',
        verified: true,
        reason: 'The JDK turns SO_REUSEADDR on for every server socket it makes on Unix (ServerSocket and ServerSocketChannel alike), so a Java listener rebinds a port its own closed connections hold in TIME_WAIT unless the program calls setReuseAddress(false); the TIME_WAIT itself is the kernel\'s, as in C',
        source: 'openjdk/jdk src/java.base/share/classes/sun/nio/ch/Net.java serverSocket(): socket0(preferIPv6, stream, reuse = true, fastLoopback), used by NioSocketImpl.create() for a server and by ServerSocketChannelImpl; measured here',
        steps: {
          'plain: rebinding fails': { ok: true },
          'new socket reuses: rebinding still fails': { ok: true },
          'old socket reused: rebinding still fails': { ok: true },
        },
      },
    ],
  },
  'close/shutdown-read-still-receives': {
    divergences: [
      {
        role: 'server',
        variant: '*',
        verified: true,
        reason: 'After shutdownInput() Java answers every read with end of stream itself, without a read(2): the kernel still acknowledges and queues the peer\'s later data (the wire is as in C), but a Java program never sees it (java.net\'s read returns -1, a channel\'s read IOStatus.EOF)',
        source: `${NIO_SOCKET_IMPL} shutdownInput() (Net.shutdown(fd, Net.SHUT_RD), isInputClosed = true) and implRead() ("if (isInputClosed) return -1" before any read); ${SOCKET_CHANNEL_IMPL} read() ("if (isInputClosed) return IOStatus.EOF"); measured here (JDK 17 and 25)`,
        steps: { 'server still reads the data': { eof: true } },
      },
    ],
  },
  'close/unread-data-sends-rst': {
    divergences: [
      {
        role: 'server',
        verified: true,
        ...CLOSE_SHUTS_OUTPUT_FIRST,
        // Both reads are set here, so a java client beside it (whose own divergence sets the second) reads what it does: EOF twice.
        steps: { 'client reads the reset': { eof: true }, 'later reads return EOF': { eof: true } },
        wire: [
          {
            rule: 'sequence',
            why: 'shutdownOutput\'s FIN, then close(2)\'s RST for the unread data',
            segments: [
              { from: 'server', flags: ['FIN'] },
              { from: 'server', flags: ['RST'] },
            ],
          },
        ],
      },
      {
        role: 'client',
        variant: '*',
        verified: true,
        reason: 'After a read failed with ECONNRESET, Java keeps a connectionReset flag and throws "java.net.SocketException: Connection reset" again on every later read without asking the kernel, which would return EOF',
        source: `${NIO_SOCKET_IMPL} implRead() and ${SOCKET_CHANNEL_IMPL} implRead(): "if (connectionReset) throw ... Connection reset" before any read(2); measured here`,
        steps: { 'later reads return EOF': { error: 'ECONNRESET', synthesized: true } },
      },
    ],
  },
  'rst/reset-before-accept': {
    divergences: [
      {
        role: 'server',
        variant: '*',
        verified: true,
        reason: 'accept() returns the reset connection and its first read fails "Connection reset" as in C; after it Java keeps a connectionReset flag and throws "java.net.SocketException: Connection reset" again on the next read without asking the kernel, which would return EOF. The write reaches the kernel: EPIPE',
        source: `${NIO_SOCKET_IMPL} implRead() and ${SOCKET_CHANNEL_IMPL} implRead(): "if (connectionReset) throw ... Connection reset" before any read(2); measured here`,
        steps: { 'server reads again: EOF': { error: 'ECONNRESET', synthesized: true } },
      },
    ],
  },
  'timeout/recv-timeout-sends-nothing': {
    divergences: [
      {
        role: 'client',
        verified: true,
        ...CLOSE_SHUTS_OUTPUT_FIRST,
        steps: { 'server reads the reset': { eof: true } },
      },
    ],
  },
  'write/after-local-shutdown': {
    divergences: [
      {
        role: 'client',
        variant: 'nio',
        verified: true,
        reason: 'A SocketChannel whose output is shut down refuses a write before any syscall: beginWrite() throws ClosedChannelException, which write()\'s finally block replaces with an AsynchronousCloseException (no message, no errno) though no other thread closed anything',
        source: `${SOCKET_CHANNEL_IMPL} beginWrite() ("if (isOutputClosed) throw new ClosedChannelException()") and implWrite() ("if (n <= 0 && isOutputClosed) throw new AsynchronousCloseException()"); measured here`,
        steps: { 'a write after the shutdown fails EPIPE': { error: null, errorName: 'java.nio.channels.AsynchronousCloseException', synthesized: true } },
      },
    ],
  },
  'write/reset-after-unread-close': {
    divergences: [
      {
        role: 'server',
        verified: true,
        ...CLOSE_SHUTS_OUTPUT_FIRST,
        steps: { 'first write fails ECONNRESET': { error: 'EPIPE' } },
        wire: [
          {
            rule: 'sequence',
            why: 'the client\'s bytes, shutdownOutput\'s FIN, then close(2)\'s RST',
            segments: [
              { from: 'client', data: true },
              { from: 'server', flags: ['FIN'] },
              { from: 'server', flags: ['RST'] },
            ],
          },
          { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 1, why: 'the failed writes put nothing on the wire' },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing answers a RST' },
        ],
      },
    ],
  },
});
