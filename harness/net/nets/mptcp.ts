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
  request: { listen: { mptcp: true }, connect: { mptcp: true } },
};

export default mptcp;
