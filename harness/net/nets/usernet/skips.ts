// What the user-space nets (pasta, slirp4netns) cannot express: a case whose premise needs one TCP connection end to end.
import type { LoadedCase } from '../../../case/case-types.ts';
import type { Family } from '../../../case/family.ts';

// pasta splices two connections (the client's to its published socket on the host, its own to the server in the container):
// what ends one end's connection reaches the other only as pasta's close() of its socket there (a FIN), and a connect completes on the host first.
const SPLICE = 'passt 2023_03_09 tcp_splice.c tcp_splice_sock_handler() (EPOLLERR or EPOLLHUP on either socket: goto close) and tcp_splice_destroy() (close() of both sockets)';
const RST_AS_FIN = `the case waits for a RST to reach the other end (ECONNRESET, EPIPE, a RST on the wire); through pasta it arrives as a FIN from pasta's socket (measured: EOF, or a write that succeeds): ${SPLICE}`;
const PEER_ALIVE = `the case takes the server's host away (its link, its process) and waits for the client's TCP to notice (a timeout, keep-alive), but the client's peer is pasta's socket on the host, which stays; pasta closes it when its own connection in the container fails (measured: EOF or nothing within the wait): ${SPLICE}`;
const TWO_CONNECTIONS = `the case lists or counts the connection in the server's namespace, which through pasta also holds pasta's own end of its second connection (measured: pasta's socket in CLOSE-WAIT or FIN-WAIT, counters of the other connection): ${SPLICE}`;

// A case whose outcomes differ through pasta but whose harness step (a socket listing, an await on the wire), which no divergence restates, fails on it.
const PASTA_HARNESS = (step: string, found: string): string => `${RST_AS_FIN}; the agents' outcomes could be a documented divergence, but the case's harness step "${step}" finds ${found} (measured --repeat 5, both families)`;

// Measured with --net pasta, C agents, both families (--repeat 5); the other differences are documented divergences (harness/net/nets/pasta.expectations.ts).
const PASTA_SKIPS: Readonly<Record<string, string>> = {
  'close/abortive-linger-zero': PASTA_HARNESS('no TIME_WAIT is left', "the client's socket in CLOSE-WAIT and pasta's in FIN-WAIT-2 on the host (the client read EOF)"),
  'rst/never-acknowledged': PASTA_HARNESS('no socket is left on the connection', "the client's socket in CLOSE-WAIT and pasta's in FIN-WAIT-2 on the host (the client read EOF)"),
  'connect/abort-by-af-unspec': PASTA_HARNESS('the RST is on the wire', "pasta's FIN instead (the server read EOF)"),
  'rst/reset-before-accept': PASTA_HARNESS('the RST is on the wire', "pasta's FIN instead (the server read EOF and its write succeeded)"),
  'listen/shutdown-resets-queue': PASTA_HARNESS('its data draws a RST', "only the RST+ACK that refuses pasta's own SYN: the second connection is half-open at pasta's socket on the host, the client's data completes it there, and pasta's connect() into the container meets the shut-down listener (the queued connection read EOF)"),
  'connect/icmp-port-unreachable': TWO_CONNECTIONS,
  'close/after-peer-reset-sends-nothing': TWO_CONNECTIONS,
  'close/shutdown-then-abort': TWO_CONNECTIONS,
  'close/all-read-sends-fin': `the case awaits the client's retransmission of its data together with its FIN, and the segments the server sees come from pasta's own socket, which retransmits on its own timer and shuts down only when pasta reads the client's FIN: over IPv4 the server's read of the EOF timed out in 2 of 6 runs, over IPv6 in 0 of 6 (measured): ${SPLICE}`,
  'halfopen/peer-restarted': `${PEER_ALIVE}; and the case's link step takes the server's link down, which on this net is the container's lo (pasta's path into it)`,
};

// libslirp likewise ends the client's connection and opens its own to the server (a BSD TCP in user space over tap0).
const SLIRP = 'slirp/libslirp v4.7.0 src/tcp_subr.c tcp_connect() (accept() on the forwarded socket, then a SYN of its own to the guest), tcp_input.c tcp_input() (a RST in a synchronized state: tcp_close()), tcp_subr.c tcp_close() (closesocket(so->s): a FIN to the client)';
// The RST arrives as a FIN (slirp4netns.expectations.ts states that where it can), but these cases then list the sockets: a harness step no divergence restates.
const S_RST_AS_FIN = `through slirp4netns the RST arrives as a FIN from libslirp's socket on the host (measured --repeat 5: the client reads EOF, not ECONNRESET), and the case then lists the connection's sockets on the client's host, which also holds libslirp's end (measured: the client's CLOSE-WAIT beside libslirp's FIN-WAIT-1 or FIN-WAIT-2), a harness step a divergence cannot restate: ${SLIRP}`;
const S_PEER_ALIVE = `the case takes the server's host away (its link, its process) and waits for the client's TCP to notice, but the client's peer is libslirp's socket on the host, which stays (measured: nothing within the wait): ${SLIRP}`;
const S_TWO_CONNECTIONS = `the case lists or counts one connection, and through slirp4netns there are two (the client's to libslirp's socket, libslirp's to the server; measured: the other's sockets or counters): ${SLIRP}`;

// Measured with --net slirp4netns, C agents, IPv4 (the outcome each case found first); the differences a case can run through are
// documented divergences in slirp4netns.expectations.ts (measured there --repeat 5).
const SLIRP_SKIPS: Readonly<Record<string, string>> = {
  'close/abortive-linger-zero': S_RST_AS_FIN,
  'rst/never-acknowledged': S_RST_AS_FIN,
  'close/linger-positive-blocks': `the case's firewall drops every segment arriving at the client's host, and through slirp4netns libslirp's socket is on that host too (both ends on its lo): the client's FIN never reaches libslirp, so the server never reads it (measured --repeat 5: nothing within the wait, and only the first connection's FIN on the container's wire): ${SLIRP}`,
  'write/reset-after-unread-close': `the first write succeeds (the RST arrives as libslirp's FIN), but the second's outcome depends on libslirp's timing: it fails EPIPE when libslirp forwarded the client's bytes before the server's close and closed its socket on the server's RST before the first write arrived (25 of 25 runs of the case alone), and succeeds when the server closed first, with a FIN (1 of 5 runs of a whole --repeat 5 run; measured): ${SLIRP}`,
  'listen/shutdown-resets-queue': `the queued connection reads EOF, not ECONNRESET (the RST arrives as libslirp's FIN), and the half-open connection is half-open on the host, to libslirp's socket: libslirp's own SYN for it meets the shut-down listener's RST+ACK, so its data never reaches the container and the case's await for the RST that data draws cannot hold (measured --repeat 5: client [SYN], server [RST, ACK]), a harness step a divergence cannot restate: ${SLIRP}`,
  'connect/icmp-port-unreachable': S_TWO_CONNECTIONS,
  'close/shutdown-then-abort': S_TWO_CONNECTIONS,
  'close/after-peer-reset-sends-nothing': `the case lists the server's sockets right after the client's abort, and libslirp passes that RST on only from its poll loop, and not always as a RST (socket.c soread(): the error it reads from the client's socket picks tcp_drop(), a RST, or tcp_sockclosed(), a FIN): it passed 20 of 20 alone, but in each of three whole --repeat 5 runs 1 of 5 found the server's socket still ESTABLISHED (the RST not yet there) or in CLOSE-WAIT (libslirp had sent a FIN) (measured): ${SLIRP}`,
  'close/all-read-sends-fin': `the case awaits the client's retransmission of its data together with its FIN, and the segments the server sees come from libslirp's own TCP, which retransmits on its own timer and sends its FIN when it reads the client's: step 9 saw the FIN alone in 1 of 3 runs, and in 1 of 5 with --repeat 5 (measured): ${SLIRP}`,
  'halfopen/peer-restarted': `${S_PEER_ALIVE}; and the case's link step cannot restore the server's link here (its lo did not come up again: measured)`,
};

/** The runtimes measured on these nets (the NetKind's `runtimes`): another's run is a skip with the reason. */
export const USERNET_RUNTIMES = {
  only: ['c'] as const,
  reason: "the user-space nets' catalogue is measured with the C agent (--repeat 5, both families); one run of Python, Go and Node over IPv4 was 51 of 52 as expected, but Python asyncio's documented EOF in timeout/recv-timeout-sends-nothing came as ECONNRESET on slirp4netns, not yet studied",
};

/** Why `net` cannot run the case, or null. */
export const usernetSkip = (net: string) => (kase: LoadedCase, _family: Family): string | null => {
  const skips = net === 'pasta' ? PASTA_SKIPS : net === 'slirp4netns' ? SLIRP_SKIPS : {};
  if (skips[kase.id] !== undefined) return skips[kase.id]!;
  for (const s of kase.steps) {
    if (s.role !== 'harness') continue;
    const step = s as unknown as { op: string; from?: string };
    // The forwarder ends the client's connection and opens its own to the server: a segment injected for one connection reaches the other's end never.
    if (step.op === 'inject') return `the case injects segments into the connection, and on ${net} there are two connections (the client's to ${net}'s socket on the host, ${net}'s own to the server): an injected segment reaches only the end it is addressed to, not the peer the case reasons about`;
  }
  return null;
};
