// Multipath TCP (RFC 8684) in the host kernel (net/mptcp/): both agents open IPPROTO_MPTCP sockets, MPTCP enabled in the case's namespaces.
import { access } from 'node:fs/promises';
import { execa } from 'execa';
import { createHosts, type Hosts } from '../hosts.ts';
import type { NetKind } from '../net-kind.ts';

const SYSCTL = 'net.mptcp.enabled';

// net.mptcp.enabled is per namespace (net/mptcp/ctrl.c mptcp_net_init()): set in each of the case's, so the agents' sockets are MPTCP there.
const enable = async (hosts: Hosts): Promise<string | null> => {
  const prefixes = hosts.server.prefix === hosts.client.prefix ? [hosts.server.prefix] : [hosts.server.prefix, hosts.client.prefix];
  for (const prefix of prefixes) {
    const [file, ...args] = [...prefix, 'sysctl', '-q', '-w', `${SYSCTL}=1`];
    const r = await execa(file!, args, { reject: false });
    if (r.exitCode !== 0) return `cannot set ${SYSCTL}=1 in the case's namespace: ${String(r.stderr).trim() || r.shortMessage}`;
  }
  return null;
};

// What a case's verdict needs that MPTCP moves elsewhere (measured with C agents; sources in net/mptcp/protocol.c).
const SUBFLOW_ERROR = 'the case waits for the socket to fail when its one TCP connection is reset or times out (the read gets ECONNRESET or ETIMEDOUT); on MPTCP that connection is a subflow, and a subflow\'s error reaches the MPTCP socket only in SYN_SENT or after a fallback to TCP (net/mptcp/protocol.c __mptcp_subflow_error_report()): the read waits out its bound (measured), which no step can expect';
const CLOSE_STATES = 'the case follows the TCP close states (FIN-WAIT-1/2, CLOSE-WAIT, TIME-WAIT: the sockets op lists them, or plain TCP segments are injected at them); on MPTCP a close is a DATA_FIN in the DSS option while the subflow the sockets op lists stays ESTABLISHED (net/mptcp/protocol.c __mptcp_close(): __mptcp_wr_shutdown(), the subflows orphaned, not shut; measured), and the harness injects bare TCP segments without the MPTCP option into that subflow';
const SKIPS: Readonly<Record<string, string>> = {
  'halfopen/peer-restarted': SUBFLOW_ERROR,
  'halfopen/peer-vanished': SUBFLOW_ERROR,
  'timeout/keepalive-finds-dead-peer': SUBFLOW_ERROR,
  'close/rst-keeps-received-data': SUBFLOW_ERROR,
  'rst/challenge-ack-in-window': SUBFLOW_ERROR,
  'close/fin-wait2-timeout': CLOSE_STATES,
  'close/linger-positive-blocks': CLOSE_STATES,
  'close/all-read-sends-fin': CLOSE_STATES,
  'rst/challenge-ack-in-close-wait': CLOSE_STATES,
  'rst/time-wait-assassination': CLOSE_STATES,
  'rst/time-wait-assassination-rfc1337': CLOSE_STATES,
  'rst/out-of-window-ignored': CLOSE_STATES,
  'rst/syn-on-open-connection': CLOSE_STATES,
  'timeout/user-timeout': 'TCP_USER_TIMEOUT is not an option of an MPTCP socket: setsockopt() fails ENOPROTOOPT (net/mptcp/sockopt.c mptcp_setsockopt_sol_tcp() knows a fixed set of TCP options; measured), so the case cannot set the timeout it is about',
  'rst/reset-before-accept': 'the client\'s RST resets the subflow of a connection not yet accepted; whether the accepted MPTCP socket then reports ECONNRESET or, closed without an error, ENOTCONN depends on timing (a subflow\'s error reaches the MPTCP socket only in SYN_SENT or after a fallback: net/mptcp/protocol.c __mptcp_subflow_error_report(); measured ENOTCONN in 1 of 8 C runs, ECONNRESET in the others)',
  'write/reset-after-unread-close': 'the peer\'s fastclose (the RST+ACK carrying MP_FASTCLOSE) is taken by the MPTCP worker, not as the segment arrives (net/mptcp/options.c mptcp_incoming_options() sets rcv_fastclose and schedules the work; protocol.c mptcp_check_fastclose() sets ECONNRESET later): a write made at once races it (measured: both writes succeeded)',
};

// golang/go src/net/mptcpsock_linux.go dialMPTCP(): "fallback in case of any error with MPTCP" to a plain TCP dial.
const GO_FALLBACK_ICMP = 'Go\'s Dialer with SetMultipathTCP retries a failed MPTCP connect as plain TCP (src/net/mptcpsock_linux.go dialMPTCP(): "fallback in case of any error with MPTCP"): the ICMP ends the first attempt and a second, plain SYN goes out, so the connect does not return when the case awaits it (measured: still waiting after 1000 ms)';

const mptcp: NetKind = {
  name: 'mptcp',
  summary: "Multipath TCP (RFC 8684, net/mptcp/*.c): both ends' sockets are IPPROTO_MPTCP, one subflow over the kernel net's path; the capture shows the MPTCP options",
  // Without CONFIG_MPTCP there is no /proc/sys/net/mptcp (nothing to install: a kernel setting).
  detect: async () => access(`/proc/sys/net/mptcp/enabled`).then(() => null, () => 'this kernel has no MPTCP (no /proc/sys/net/mptcp: built without CONFIG_MPTCP); Linux 5.6 or later with CONFIG_MPTCP=y'),
  runtimes: {
    only: ['c', 'python', 'go', 'rust'],
    // Checked in each runtime's source: the socket's protocol is fixed where the socket is made.
    reason: "their agents open IPPROTO_MPTCP sockets: socket(2) in C, socket.socket(family, SOCK_STREAM, IPPROTO_MPTCP) in Python (asyncio hands such a socket over with sock=), Go's ListenConfig/Dialer.SetMultipathTCP, tokio through socket2's Protocol::MPTCP (Rust std cannot: its programs reply unsupported). The others' APIs name no protocol: Node's net.Server and net.Socket on libuv (src/unix/tcp.c new_socket(): uv__socket(domain, SOCK_STREAM, 0)), Deno.listen and Deno.connect (TcpListenOptions: hostname, port, reusePort; cli/tsc/dts/lib.deno.ns.d.ts), Java's Socket and SocketChannel (sun.nio.ch.Net.socket0(): socket(domain, type, 0), src/java.base/unix/native/libnio/ch/Net.c); Bun's node:net and Bun.listen/Bun.connect take a host and port likewise (not checked)",
  },
  createHosts: async ({ topology, family, captureBinary }) => {
    const hosts = await createHosts(topology, captureBinary, family);
    if ('unavailable' in hosts) return hosts;
    const failed = await enable(hosts);
    if (failed === null) return hosts;
    await hosts.close();
    return { unavailable: true, reason: failed };
  },
  skip: (kase, _family, runtimes) => SKIPS[kase.id]
    ?? (runtimes?.client === 'go' && kase.id === 'connect/icmp-port-unreachable' ? GO_FALLBACK_ICMP : null),
  request: { listen: { mptcp: true }, connect: { mptcp: true } },
};

export default mptcp;
