// The hosts of a case: one namespace for both roles on loopback, or one per role joined by a veth pair.
import { execa } from 'execa';
import type { Role } from '../case/case-types.ts';
import type { CaptureSession } from '../capture/capture-session.ts';
import { createNamespace, type Namespace } from './namespace.ts';
import { joinThroughHolders } from './holder-command.ts';
import { LOOPBACK, TWO_HOSTS, type Family } from '../case/family.ts';

/** Where a role runs: the command prefix into its namespace, its address, and its interface. */
export interface Host {
  prefix: string[];
  /** The holder's pid: /proc/<pid>/net reads this namespace's counters. */
  pid: number;
  address: string;
  iface: string;
  /** What agents start under, when not `prefix` (a net whose agents run on another stack: gvisor's runsc); tools (ip, nft, sysctl, inject) keep `prefix`. */
  agentPrefix?: string[];
  /** The capture holding this namespace, which injects segments on request (capture.c "inject"): one spawn less each. */
  holder?: CaptureSession | null;
}

/** A case's hosts, and the capture that sees every segment of the case (null: none asked for, or none possible). */
export interface Hosts {
  server: Host;
  client: Host;
  capture: CaptureSession | null;
  /** Why `capture` is null when one was asked for. */
  captureReason: string | null;
  /** Ends the holders; resolves once they have exited. */
  close(): Promise<void>;
  /**
   * Where the client connects to reach a listener, when not at the listener's own address and port
   * (a net that forwards: pasta's or slirp4netns's published port). Called for each connect with the
   * listener's address and port as the server's agent reported them, after that listener exists, so
   * a forward may be set up then; a problem is the case's error. Absent: the listener's own.
   */
  reach?(listener: { address: string; port: number }): Promise<{ host: string; port: number } | { problem: string }>;
}

/** Runs `ip` commands in one process (ip -batch), inside a namespace. */
const ipBatch = async (prefix: string[], commands: string[]): Promise<string | null> => {
  const [file, ...rest] = [...prefix, 'ip', '-batch', '-'];
  const r = await execa(file!, rest, { input: `${commands.join('\n')}\n`, reject: false });
  return r.exitCode === 0 ? null : `ip ${commands.join('; ')}: ${String(r.stderr).trim() || r.shortMessage}`;
};

/**
 * A veth end passes traffic only once the kernel's link watcher has activated it (operstate
 * UP), which happens just after `ip link set up` returns; until then packets are dropped. So we
 * wait for that observable state, bounded, instead of letting a case's first SYN be lost. An IPv6
 * address must also have left `tentative` (added `nodad`, it never is; the check says so if not).
 */
export const awaitUp = async (prefix: string[], iface: string, address?: string): Promise<string | null> => {
  const deadline = performance.now() + 2000;
  let last = '';
  const v6 = address?.includes(':') === true;
  while (performance.now() < deadline) {
    const [file, ...rest] = [...prefix, 'ip', ...(v6 ? ['-6', 'addr'] : ['-br', 'link']), 'show', 'dev', iface];
    last = String((await execa(file!, rest, { reject: false })).stdout).trim();
    const up = v6 ? /\bstate UP\b/.test(last) : /\sUP\s/.test(` ${last} `);
    const usable = !v6 || last.split('\n').some((l) => l.includes(`inet6 ${address}/`) && !/tentative|dadfailed/.test(l));
    if (up && usable) return null;
  }
  return `${iface} did not come up${v6 ? ` with ${address} usable` : ''} within 2000 ms (last: ${last.replace(/\s+/g, ' ') || 'nothing'})`;
};

/**
 * Creates the hosts for a topology; a failure is data with the reason. With `captureBinary`,
 * the server's namespace is held by a capture of all its interfaces (loopback: lo; two hosts:
 * the veth, made after it started), so making a host and starting its capture is one spawn.
 */
export const createHosts = async (topology: 'loopback' | 'two-hosts', captureBinary: string | null = null, family: Family = 'ipv4'): Promise<Hosts | { unavailable: true; reason: string }> => {
  const capture = captureBinary === null ? undefined : { binary: captureBinary, iface: topology === 'loopback' ? 'lo' : 'any' };
  // The client's namespace is made inside the server's user namespace (when not root) so that
  // one command may hold both ends of the veth pair; root makes both at once. Its holder is a
  // capture too (of its lo, unread): one spawn where a plain holder needs two (holder, ip link).
  const clientCapture = capture === undefined ? undefined : { ...capture, iface: 'lo' };
  const early = topology === 'two-hosts' && process.getuid?.() === 0 ? createNamespace({ capture: clientCapture }) : null;
  const a = await createNamespace({ capture });
  if ('unavailable' in a) {
    const made = await early;
    if (made !== null && !('unavailable' in made)) await made.close();
    return a;
  }
  const captureReason = a.captureReason;
  if (topology === 'loopback') {
    const host: Host = { prefix: a.prefix, pid: a.holderPid, address: LOOPBACK[family], iface: 'lo', holder: a.capture };
    return { server: host, client: host, capture: a.capture, captureReason, close: a.close };
  }
  const b = (await early) ?? (await createNamespace({ within: a, capture: clientCapture }));
  if ('unavailable' in b) {
    await a.close();
    return b;
  }
  const close = async (): Promise<void> => { await Promise.all([a.close(), b.close()]); };
  const failed = await joinByVeth(a, b, family);
  if (failed !== null) {
    await close();
    return { unavailable: true, reason: `cannot join the two hosts: ${failed}` };
  }
  return {
    server: { prefix: a.prefix, pid: a.holderPid, address: TWO_HOSTS[family].server, iface: 'sv0', holder: a.capture },
    client: { prefix: b.prefix, pid: b.holderPid, address: TWO_HOSTS[family].client, iface: 'cl0', holder: b.capture },
    capture: a.capture,
    captureReason,
    close,
  };
};

// IPv6 addresses are added `nodad`: duplicate address detection would leave them tentative for
// ~1-2 s (RFC 4862 §5.4), and a SYN sent meanwhile fails; two namespaces alone cannot collide.
const addrCommand = (address: string, family: Family, iface: string): string =>
  `addr add ${address}/${TWO_HOSTS[family].prefix} dev ${iface}${family === 'ipv6' ? ' nodad' : ''}`;

// A link taken down flushes its IPv6 addresses (addrconf_ifdown()) unless keep_addr_on_down is
// set, so a case that cuts the link and restores it (the link op) would come back without them.
const keepAddresses = async (prefix: string[]): Promise<string | null> => {
  const [file, ...rest] = [...prefix, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.keep_addr_on_down=1'];
  const r = await execa(file!, rest, { reject: false });
  return r.exitCode === 0 ? null : `sysctl net.ipv6.conf.all.keep_addr_on_down=1: ${String(r.stderr).trim() || r.shortMessage}`;
};

const joinByVeth = async (a: Namespace, b: Namespace, family: Family): Promise<string | null> => {
  // Held by captures: they make the pair and wait for it on rtnetlink, where `ip` costs four spawns or more.
  if (a.capture !== null && b.capture !== null) return joinThroughHolders(a.capture, b.capture, b.holderPid, family);
  const { server, client } = TWO_HOSTS[family];
  if (family === 'ipv6') {
    const kept = (await Promise.all([keepAddresses(a.prefix), keepAddresses(b.prefix)])).find((x) => x !== null);
    if (kept !== undefined) return kept;
  }
  return (await ipBatch(a.prefix, [
    `link add sv0 type veth peer name cl0 netns ${b.holderPid}`,
    addrCommand(server, family, 'sv0'),
    'link set sv0 up',
  ]))
  ?? (await ipBatch(b.prefix, [addrCommand(client, family, 'cl0'), 'link set cl0 up']))
  ?? (await Promise.all([awaitUp(a.prefix, 'sv0', server), awaitUp(b.prefix, 'cl0', client)])).find((x) => x !== null) ?? null;
};

/** The host a role runs on. */
export const hostOf = (hosts: Hosts, role: Role): Host => (role === 'server' ? hosts.server : hosts.client);

/** The prefix a role's agent starts under: its host's agentPrefix, else its prefix. */
export const agentPrefixOf = (hosts: Hosts, role: Role): string[] => hostOf(hosts, role).agentPrefix ?? hostOf(hosts, role).prefix;
