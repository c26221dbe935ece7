// The Deno layer: where a program using Deno's own TCP API (Deno.listen / Deno.connect) sees
// something other than the kernel layer (the C agent), measured here with runtimes/deno/agent.ts.
// Cases an op of the agent cannot do (abort, rcvtimeo: Deno has no SO_LINGER, no SO_RCVTIMEO)
// are skips with that reason, not entries here.
import { defineExpectations } from '../../harness/case/define-expectations.ts';

// Why Deno's close() is shutdown-then-close, cited by both close divergences below.
const CLOSE_SOURCE = 'denoland/deno ext/net/io.rs: TcpStreamResource is a FullDuplexResource of a tokio OwnedReadHalf and OwnedWriteHalf, and conn.close() (ext/net/01_net.js, core.close) drops it; tokio-rs/tokio tokio/src/net/tcp/split_owned.rs: impl Drop for OwnedWriteHalf calls shutdown_std(Shutdown::Write) while shutdown_on_drop is set, and the last half dropped closes the fd; Linux net/ipv4/tcp.c tcp_close(): data_was_unread sends the active reset';

export default defineExpectations({
  'close/unread-data-sends-rst': {
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: 'Deno\'s conn.close() is shutdown(SHUT_WR) then close(2): dropping the connection\'s tokio write half sends FIN first, and only then does the close with data unread send RST+ACK (seq one past the FIN). The FIN reaches the client first, so its socket is in CLOSE_WAIT when the RST comes: tcp_reset() stores EPIPE there, not ECONNRESET, and the read, finding the FIN (SOCK_DONE) before any error, returns a clean EOF. The connection is still reset on the wire; the program that reads it never learns',
        source: `${CLOSE_SOURCE}; Linux net/ipv4/tcp_input.c tcp_reset(): EPIPE in CLOSE_WAIT; net/ipv4/tcp.c tcp_recvmsg_locked(): with nothing copied, SOCK_DONE is tested before sk_err; measured here, Deno 2.9.6 and 2.9.5 as server against Deno and C clients`,
        steps: { 'client reads the reset': { eof: true } },
        wire: [
          {
            rule: 'sequence',
            why: 'close() first shuts down the sending side (FIN), then closes the fd with the bytes unread (RST+ACK)',
            segments: [
              { from: 'server', flags: ['FIN'] },
              { from: 'server', flags: ['RST', 'ACK'] },
            ],
          },
          { rule: 'count', segment: { from: 'server', flags: ['RST'] }, min: 1, max: 1, why: 'one reset: the close\'s' },
        ],
      },
    ],
  },
  'write/reset-after-unread-close': {
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: 'Deno\'s conn.close() is shutdown(SHUT_WR) then close(2), so the server\'s FIN arrives just before its RST: the client\'s socket is in CLOSE_WAIT when reset, and tcp_reset() leaves EPIPE there, not ECONNRESET. The first write fails EPIPE from send(2) (the pending error), the second EPIPE too; neither reaches the wire',
        source: `${CLOSE_SOURCE}; Linux net/ipv4/tcp_input.c tcp_reset(): EPIPE in CLOSE_WAIT; measured here, Deno 2.9.6 and 2.9.5 as server against Deno and C clients`,
        // Only the errno is the server's doing: whether the error is the kernel's (a Deno or C
        // client: send(2) EPIPE) or made up (a Node client's writeAfterFIN) is the client runtime's.
        steps: { 'first write fails ECONNRESET': { error: 'EPIPE' } },
        wire: [
          {
            rule: 'sequence',
            why: 'the client\'s bytes, then the close\'s FIN (its shutdown) and RST+ACK (data unread)',
            segments: [
              { from: 'client', data: true },
              { from: 'server', flags: ['FIN'] },
              { from: 'server', flags: ['RST', 'ACK'] },
            ],
          },
          { rule: 'count', segment: { from: 'client', data: true }, min: 1, max: 1, why: 'the failed writes put nothing on the wire' },
          { rule: 'absent', segment: { from: 'client', flags: ['RST'] }, why: 'nothing answers a RST' },
        ],
      },
    ],
  },
  'rst/reset-before-accept': {
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: 'The kernel\'s accept(2) returns the reset connection, but Deno asks it for its peer address before handing it over: getpeername(2) on a reset socket fails ENOTCONN, so Deno drops the connection and listener.accept() rejects with NotConnected (ENOTCONN). The program never has the socket: its read and write steps cannot run (Deno as the server against a client that can abort, e.g. --pair deno:c; Deno\'s own client cannot abort, so deno:deno skips)',
        source: 'denoland/deno ext/net/ops.rs op_net_accept_tcp(): listener.accept(), then tcp_stream.local_addr()? and tcp_stream.peer_addr()? before the TcpStreamResource is added; Linux net/ipv4/af_inet.c inet_getname(): -ENOTCONN when peer and the state is TCP_CLOSE; measured here, Deno 2.9.5',
        steps: { 'server accepts the reset connection': { error: 'ENOTCONN' } },
      },
    ],
  },
  'close/time-wait-after-active-close': {
    divergences: [
      {
        role: 'server',
        verified: true,
        reason: 'Deno.listen sets SO_REUSEADDR on every listener (not on Windows) and has no option to leave it off: every Deno listener, and every connection it accepts, has it, so a Deno server can always listen again on a port its own closed connections hold in TIME_WAIT (the TIME_WAIT itself is the kernel\'s, as in C). The agent replies unsupported to an explicit reuseAddr: false',
        source: 'denoland/deno ext/net/tcp.rs bind_socket_and_listen(): socket.set_reuse_address(true) under #[cfg(not(windows))] before bind ("required for re-use of a port immediately after closing"); measured here, Deno 2.9.6 and 2.9.5',
        steps: {
          'plain: rebinding fails': { ok: true },
          'new socket reuses: rebinding still fails': { ok: true },
          'old socket reused: rebinding still fails': { ok: true },
        },
      },
    ],
  },
});
