// pasta (Debian passt): a rootless container's network as podman 5 makes it; the client, on the "host", connects to the container's published port.
import { onPath } from '../../on-path.ts';
import { execa } from 'execa';
import { createNamespace, type Namespace } from '../../namespace.ts';
import { LOOPBACK, type Family } from '../../../case/family.ts';
import type { NetKind, NetHostsOutcome } from '../../net-kind.ts';
import { startTied, waitFor } from './tied-process.ts';
import { usernetSkip, USERNET_RUNTIMES } from './skips.ts';

// The "host" namespace's interface, whose addresses and routes pasta copies into the container (--config-net from the template interface): pasta refuses to start without one.
const IFACE = 'h0';
const HOST_ADDRESS: Record<Family, { address: string; prefix: number; gateway: string }> = {
  ipv4: { address: '10.9.0.1', prefix: 24, gateway: '10.9.0.254' },
  ipv6: { address: 'fd00:9::1', prefix: 64, gateway: 'fd00:9::fe' },
};
/**
 * The ports published: pasta 2023-03 forwards a fixed set given at start (-t; its 'auto' reads the
 * container's listeners once, at start: measured, a later listener was not forwarded in 3 s), so
 * the container's local port range is narrowed to them and a listener bound to port 0 gets one.
 */
export const PUBLISHED = { first: 47000, last: 47015 };

const run = async (prefix: string[], args: string[], input?: string): Promise<string | null> => {
  const r = await execa(prefix[0]!, [...prefix.slice(1), ...args], { reject: false, input });
  return r.exitCode === 0 ? null : `${args.join(' ')}: ${String(r.stderr).trim() || r.shortMessage}`;
};

// pasta needs a host interface with a default route to copy (else "No external routable interface"); a veth pair is one (no dummy driver here).
const hostInterface = (host: Namespace): Promise<string | null> => run(host.prefix, ['ip', '-batch', '-'], [
  `link add ${IFACE} type veth peer name h1`,
  'link set h1 up',
  `addr add ${HOST_ADDRESS.ipv4.address}/${HOST_ADDRESS.ipv4.prefix} dev ${IFACE}`,
  `addr add ${HOST_ADDRESS.ipv6.address}/${HOST_ADDRESS.ipv6.prefix} dev ${IFACE} nodad`,
  `link set ${IFACE} up`,
  `route add default via ${HOST_ADDRESS.ipv4.gateway} dev ${IFACE}`,
  `route add default via ${HOST_ADDRESS.ipv6.gateway} dev ${IFACE}`,
].join('\n') + '\n');

/** Has the container's interface the address, usable (a tap's operstate stays UNKNOWN; IPv6 not tentative)? */
const addressed = async (prefix: string[], address: string): Promise<string | null> => {
  const r = await execa(prefix[0]!, [...prefix.slice(1), 'ip', '-o', 'addr', 'show', 'dev', IFACE], { reject: false });
  const line = String(r.stdout).split('\n').find((l) => l.includes(` ${address}/`));
  return line !== undefined && !/tentative|dadfailed/.test(line) ? null : `${IFACE}: ${String(r.stdout || r.stderr).replace(/\s+/g, ' ').trim() || 'none yet'}`;
};

/** Is something listening on `port` in the namespace? (pasta's published socket, observable with ss). */
const listening = async (prefix: string[], port: number, family: Family): Promise<string | null> => {
  const r = await execa(prefix[0]!, [...prefix.slice(1), 'ss', '-Htln', `sport = :${port}`], { reject: false });
  return String(r.stdout).trim() === '' ? `nothing listens on port ${port} yet` : null;
};

export const createPastaHosts = async ({ family, captureBinary }: { family: Family; captureBinary: string | null }): Promise<NetHostsOutcome> => {
  // The container's namespace is the server's, held by the capture (its tap and lo: every segment the server sees).
  const container = await createNamespace({ capture: captureBinary === null ? undefined : { binary: captureBinary, iface: 'any' } });
  if ('unavailable' in container) return container;
  const host = await createNamespace();
  if ('unavailable' in host) {
    await container.close();
    return host;
  }
  const closeNamespaces = async (): Promise<void> => { await Promise.all([container.close(), host.close()]); };
  const prepared = (await hostInterface(host))
    ?? (await run(container.prefix, ['sysctl', '-q', '-w', `net.ipv4.ip_local_port_range=${PUBLISHED.first} ${PUBLISHED.last}`]));
  if (prepared !== null) {
    await closeNamespaces();
    return { unavailable: true, reason: `cannot prepare the pasta net: ${prepared}` };
  }
  // pasta opens the target namespace by path after dropping capabilities, so /proc/<pid>/ns/net (a ptrace check) is refused:
  // a bind mount of it in the wrapper's private mount namespace (gone with the wrapper) is opened as a file.
  // --runas 0: as "nobody" it could not setns() into a namespace of the initial user namespace.
  const forwarder = startTied(host.prefix, ['pasta', String(container.holderPid), String(PUBLISHED.first), String(PUBLISHED.last)]);
  const close = async (): Promise<void> => {
    await forwarder.close();
    await closeNamespaces();
  };
  const { address } = HOST_ADDRESS[family];
  const loopback = LOOPBACK[family];
  // Ready when the container's interface has the copied address (usable) and the host side publishes the ports.
  const ready = (await waitFor('pasta configures the container', 3000, () => addressed(container.prefix, address), forwarder.exited))
    ?? (await waitFor('pasta publishes the ports', 3000, () => listening(host.prefix, PUBLISHED.last, family), forwarder.exited));
  if (ready !== null) {
    const said = forwarder.output();
    await close();
    return { unavailable: true, reason: `${ready}${said === '' ? '' : ` (pasta: ${said})`}` };
  }
  return {
    server: { prefix: container.prefix, pid: container.holderPid, address: loopback, iface: 'lo', holder: container.capture },
    client: { prefix: host.prefix, pid: host.holderPid, address: loopback, iface: 'lo' },
    capture: container.capture,
    captureReason: container.captureReason,
    close,
    // The published port is the listener's own, on the host's loopback: pasta splices a loopback peer's connection to the container's loopback (tcp_splice_conn_from_sock()).
    // (A peer on the host's other address takes pasta's tap path, tcp.c; here pasta 2023-03 read no frame from its tap on Linux 6.18: that path is not run.)
    reach: async ({ port }) => (port >= PUBLISHED.first && port <= PUBLISHED.last ? { host: loopback, port }
      : { problem: `the listener's port ${port} is not one pasta publishes (${PUBLISHED.first}-${PUBLISHED.last})` }),
  };
};

const pasta: NetKind = {
  name: 'pasta',
  summary: "pasta (passt 2023-03) between the client on a \"host\" namespace and the server in a \"container\" namespace, as podman 5 publishes a rootless container's port: the client connects to localhost at the published port, pasta accepts it and splices it to its own connection to the server's loopback (tcp_splice.c)",
  detect: async () => {
    if (process.getuid?.() !== 0) return 'the pasta net joins namespaces it did not make and bind-mounts one: run as root';
    return (await onPath('pasta')) !== null ? null : 'pasta not found: apt-get install passt';
  },
  runtimes: USERNET_RUNTIMES,
  skip: usernetSkip('pasta'),
  createHosts: ({ family, captureBinary }) => createPastaHosts({ family, captureBinary }),
};

export default pasta;
