// What the user-space nets (pasta, slirp4netns) cannot express: a case whose premise needs one TCP connection end to end.
import type { LoadedCase } from '../../../case/case-types.ts';
import type { Family } from '../../family.ts';

// pasta splices two connections (the client's to its published socket on the host, its own to the server in the container):
// what ends one end's connection reaches the other only as pasta's close() of its socket there (a FIN), and a connect completes on the host first.
const SPLICE = 'passt 2023_03_09 tcp_splice.c tcp_splice_sock_handler() (EPOLLERR or EPOLLHUP on either socket: goto close) and tcp_splice_destroy() (close() of both sockets)';
const ACCEPTED = 'passt 2023_03_09 tcp.c tcp_conn_from_sock() (accept4() on the published socket before pasta connects inside the container, tcp_splice.c tcp_splice_connect())';
const RST_AS_FIN = `the case waits for a RST to reach the other end (ECONNRESET, EPIPE, a RST on the wire); through pasta it arrives as a FIN from pasta's socket (measured: EOF, or a write that succeeds): ${SPLICE}`;
const CONNECT_OUTCOME = `the case is about how the connect fails (refused, dropped, rejected by ICMP), and through pasta the connect completes on pasta's socket on the host whatever the container answers (measured: connect ok, then EOF): ${ACCEPTED}`;
const PEER_ALIVE = `the case takes the server's host away (its link, its process) and waits for the client's TCP to notice (a timeout, keep-alive), but the client's peer is pasta's socket on the host, which stays; pasta closes it when its own connection in the container fails (measured: EOF or nothing within the wait): ${SPLICE}`;
const TWO_CONNECTIONS = `the case lists or counts the connection in the server's namespace, which through pasta also holds pasta's own end of its second connection (measured: pasta's socket in CLOSE-WAIT or FIN-WAIT, counters of the other connection): ${SPLICE}`;

// Measured with --net pasta, C agents, both families (the outcome each case found first); only connect/refused-closed-port is a documented divergence.
const PASTA_SKIPS: Readonly<Record<string, string>> = {
  'close/abortive-linger-zero': RST_AS_FIN,
  'close/unread-data-sends-rst': RST_AS_FIN,
  'connect/abort-by-af-unspec': RST_AS_FIN,
  'listen/close-with-pending-connection': RST_AS_FIN,
  'listen/shutdown-resets-queue': RST_AS_FIN,
  'rst/never-acknowledged': RST_AS_FIN,
  'rst/reset-before-accept': RST_AS_FIN,
  'rst/segment-for-dead-connection': RST_AS_FIN,
  'timeout/recv-timeout-sends-nothing': RST_AS_FIN,
  'write/epipe-on-second-write': RST_AS_FIN,
  'write/reset-after-unread-close': RST_AS_FIN,
  'write/reuse-after-peer-fin': RST_AS_FIN,
  'close/linger-positive-blocks': RST_AS_FIN,
  'connect/syn-dropped': CONNECT_OUTCOME,
  'connect/syn-rejected': CONNECT_OUTCOME,
  'connect/syn-rejected-icmp-codes': CONNECT_OUTCOME,
  'rst/closed-port-answers-rst-ack': CONNECT_OUTCOME,
  'connect/icmp-port-unreachable': TWO_CONNECTIONS,
  'close/after-peer-reset-sends-nothing': TWO_CONNECTIONS,
  'close/shutdown-then-abort': TWO_CONNECTIONS,
  'halfopen/peer-vanished': PEER_ALIVE,
  'halfopen/peer-restarted': `${PEER_ALIVE}; and the case's link step takes the server's link down, which on this net is the container's lo (pasta's path into it)`,
  'timeout/keepalive-finds-dead-peer': PEER_ALIVE,
  'timeout/user-timeout': PEER_ALIVE,
};

/** Why `net` cannot run the case, or null. */
export const usernetSkip = (net: string) => (kase: LoadedCase, _family: Family): string | null => {
  if (net === 'pasta' && PASTA_SKIPS[kase.id] !== undefined) return PASTA_SKIPS[kase.id]!;
  for (const s of kase.steps) {
    if (s.role !== 'harness') continue;
    const step = s as unknown as { op: string; from?: string };
    // The forwarder ends the client's connection and opens its own to the server: a segment injected for one connection reaches the other's end never.
    if (step.op === 'inject') return `the case injects segments into the connection, and on ${net} there are two connections (the client's to ${net}'s socket on the host, ${net}'s own to the server): an injected segment reaches only the end it is addressed to, not the peer the case reasons about`;
  }
  return null;
};
