// slirp4netns (libslirp): a rootless container's network as podman before 5 made it; the client, on the "host", connects to a port forwarded by its API.
import { onPath } from '../../on-path.ts';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { execa } from 'execa';
import { createNamespace } from '../../namespace.ts';
import type { Family } from '../../../case/family.ts';
import type { LoadedCase } from '../../../case/case-types.ts';
import type { NetKind, NetHostsOutcome } from '../../net-kind.ts';
import { startTied, waitFor } from './tied-process.ts';
import { usernetSkip, USERNET_RUNTIMES } from './skips.ts';

// slirp4netns --configure's defaults: the guest's address on tap0, behind libslirp's gateway 10.0.2.2.
const TAP = 'tap0';
const GUEST = '10.0.2.100';
const API = '/mnt/api.sock';

/** The IPv6 skip: slirp4netns 1.2.0's add_hostfwd takes IPv4 addresses only. */
export const SLIRP_V6 = "slirp4netns 1.2.0 forwards IPv4 only: its API's add_hostfwd parses host_addr and guest_addr with inet_pton(AF_INET) and answers an IPv6 one 'bad request: add_hostfwd: bad arguments.host_addr' (rootless-containers/slirp4netns v1.2.0 api.c api_handle_req_add_hostfwd(); measured), and --enable-ipv6 configures no global address on tap0";

/** One request to slirp4netns's API socket (a JSON object per connection), its reply or a problem. */
const apiRequest = (path: string, request: object): Promise<string | null> => new Promise((resolve) => {
  let reply = '';
  const s = net.connect({ path });
  const timer = setTimeout(() => { s.destroy(); resolve(`no reply from slirp4netns's API within 2000 ms`); }, 2000);
  s.on('connect', () => s.end(JSON.stringify(request)));
  s.on('data', (d) => { reply += d.toString(); });
  s.on('error', (e) => { clearTimeout(timer); resolve(`slirp4netns's API: ${e.message}`); });
  s.on('close', () => { clearTimeout(timer); resolve(reply.includes('"return"') ? null : `slirp4netns's API answered ${reply.trim() || 'nothing'}`); });
});

const addressed = async (prefix: string[]): Promise<string | null> => {
  const r = await execa(prefix[0]!, [...prefix.slice(1), 'ip', '-o', '-4', 'addr', 'show', 'dev', TAP], { reject: false });
  return String(r.stdout).includes(` ${GUEST}/`) ? null : `${TAP}: ${String(r.stdout || r.stderr).replace(/\s+/g, ' ').trim() || 'none yet'}`;
};

export const createSlirpHosts = async ({ family, captureBinary }: { family: Family; captureBinary: string | null }): Promise<NetHostsOutcome> => {
  if (family === 'ipv6') return { unavailable: true, reason: SLIRP_V6 };
  // The container's namespace is the server's, held by the capture (its tap0: every segment libslirp sends the server).
  const container = await createNamespace({ capture: captureBinary === null ? undefined : { binary: captureBinary, iface: 'any' } });
  if ('unavailable' in container) return container;
  const host = await createNamespace();
  if ('unavailable' in host) {
    await container.close();
    return host;
  }
  // The API socket lives on a tmpfs of the wrapper's private mount namespace (gone with it); we reach it through /proc/<pid>/root.
  const forwarder = startTied(host.prefix, ['slirp4netns', API, String(container.holderPid), TAP]);
  const apiPath = `/proc/${forwarder.pid}/root${API}`;
  const close = async (): Promise<void> => {
    await forwarder.close();
    await Promise.all([container.close(), host.close()]);
  };
  const ready = (await waitFor('slirp4netns configures tap0', 3000, () => addressed(container.prefix), forwarder.exited))
    ?? (await waitFor("slirp4netns's API socket", 3000, async () => (existsSync(apiPath) ? null : `no ${API} yet`), forwarder.exited));
  if (ready !== null) {
    const said = forwarder.output();
    await close();
    return { unavailable: true, reason: `${ready}${said === '' ? '' : ` (slirp4netns: ${said})`}` };
  }
  const forwarded = new Map<number, Promise<string | null>>();
  return {
    server: { prefix: container.prefix, pid: container.holderPid, address: GUEST, iface: TAP, holder: container.capture },
    client: { prefix: host.prefix, pid: host.holderPid, address: '127.0.0.1', iface: 'lo' },
    capture: container.capture,
    captureReason: container.captureReason,
    close,
    // Published once the listener exists, as rootlessport/podman do through the API: the host's localhost, same port.
    reach: async ({ port }) => {
      if (!forwarded.has(port)) {
        forwarded.set(port, apiRequest(apiPath, { execute: 'add_hostfwd', arguments: { proto: 'tcp', host_addr: '127.0.0.1', host_port: port, guest_addr: GUEST, guest_port: port } }));
      }
      const problem = await forwarded.get(port)!;
      return problem === null ? { host: '127.0.0.1', port } : { problem };
    },
  };
};

const skipUser = usernetSkip('slirp4netns');

const slirp4netns: NetKind = {
  name: 'slirp4netns',
  summary: "slirp4netns 1.2.0 (libslirp 4.7) between the client on a \"host\" namespace and the server in a \"container\" namespace, as podman before 5 published a rootless container's port: the client connects to localhost at a port forwarded through slirp4netns's API (add_hostfwd), libslirp accepts it and speaks its own TCP to the server over tap0",
  detect: async () => {
    if (process.getuid?.() !== 0) return 'the slirp4netns net joins namespaces it did not make and mounts a tmpfs: run as root';
    return (await onPath('slirp4netns')) !== null ? null : 'slirp4netns not found: apt-get install slirp4netns';
  },
  runtimes: USERNET_RUNTIMES,
  skip: (kase: LoadedCase, family: Family) => (family === 'ipv6' ? SLIRP_V6 : skipUser(kase, family)),
  createHosts: ({ family, captureBinary }) => createSlirpHosts({ family, captureBinary }),
};

export default slirp4netns;
