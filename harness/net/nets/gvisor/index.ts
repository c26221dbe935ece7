// gVisor's netstack (pkg/tcpip) as the server's TCP: its agent runs under runsc --network=sandbox, the client on the host kernel.
import { execa } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHosts } from '../../hosts.ts';
import { TWO_HOSTS } from '../../../case/family.ts';
import type { NetKind } from '../../net-kind.ts';
import { onPath } from '../../on-path.ts';
import { gvisorSkip } from './skips.ts';

const LAUNCHER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'runsc-agent.sh');
// A script file, not `sh -c` with a string: the harness never hands a shell text to parse (test/escape).
const WITH_ROUTE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'with-route.sh');

/** Ends every sandbox still registered under `root` (runsc delete --force kills its processes), by container id. */
const deleteSandboxes = async (root: string): Promise<void> => {
  const listed = await execa('runsc', ['--root', root, 'list', '--quiet'], { reject: false });
  const ids = String(listed.stdout).split('\n').map((s) => s.trim()).filter(Boolean);
  await Promise.all(ids.map((id) => execa('runsc', ['--root', root, 'delete', '--force', id], { reject: false })));
};

/** A pid's process exists. */
const alive = (pid: number): boolean => { try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; } };

// State directories are named for the run's pid: a run that was killed (SIGKILL: no close()) left
// its own, whose sandboxes ended with their agents' stdin; the next run removes them.
const STATE_PREFIX = 'sockspec-gvisor-';
const sweepStale = async (): Promise<void> => {
  const names = await readdir(os.tmpdir()).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(STATE_PREFIX)).map(async (n) => {
    const pid = Number(n.slice(STATE_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || alive(pid)) return;
    const dir = path.join(os.tmpdir(), n);
    await deleteSandboxes(path.join(dir, 'runsc'));
    await rm(dir, { recursive: true, force: true });
  }));
};
let swept: Promise<void> | null = null;

/** An interface's MAC address, read in its namespace. */
const linkAddress = async (prefix: string[], iface: string): Promise<string | { problem: string }> => {
  const r = await execa(prefix[0]!, [...prefix.slice(1), 'ip', '-br', 'link', 'show', 'dev', iface], { reject: false });
  const mac = String(r.stdout).trim().split(/\s+/)[2] ?? '';
  return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac) ? mac : { problem: `cannot read ${iface}'s address: ${String(r.stderr).trim() || r.shortMessage}` };
};

/**
 * The server namespace's tools (ip, nft, sysctl, inject) run after a route and a neighbour entry to
 * the client are put back: once runsc has taken the veth's last address the kernel flushes the
 * routes through it (net/ipv4/fib_frontend.c fib_inetaddr_event(): fib_disable_ip()), and an
 * injected segment from the server's side would find none.
 */
const toolPrefix = (prefix: string[], iface: string, client: string, mac: string): string[] => [
  ...prefix, WITH_ROUTE, client, iface, mac,
];

const gvisor: NetKind = {
  name: 'gvisor',
  summary: "gVisor's netstack (google/gvisor pkg/tcpip, runsc 0.0~20221219) is the server's TCP, on two hosts joined by a veth; the client is the host kernel's",
  detect: async () => {
    if (process.getuid?.() !== 0) return 'the gvisor net runs runsc as root (it mounts over /proc/sys in a mount namespace of its own, see runsc-agent.sh): run as root';
    if ((await onPath('runsc')) === null) return 'runsc not found: apt-get install runsc';
    return null;
  },
  // Measured: C over the whole catalogue. Python, Go and Node passed the two cases tried (connect/refused-closed-port,
  // close/half-close-shutdown-write) but not the catalogue yet; Java's agents end at their first read of stdin.
  runtimes: {
    only: ['c'],
    reason: "only the C agent's catalogue is measured under runsc so far (Python, Go and Node passed the two cases tried; Java's agents die at their first read of stdin inside the sandbox: java.io.IOException: Illegal seek from FileInputStream.available())",
  },
  skip: (kase) => gvisorSkip(kase),
  // Each case's two hosts: the server's namespace hands its veth end to runsc (the sandbox opens an
  // AF_PACKET socket on it and takes its address), so the capture there sees every segment.
  createHosts: async ({ family, captureBinary }) => {
    const made = await createHosts('two-hosts', captureBinary, family);
    if ('unavailable' in made) return made;
    swept ??= sweepStale();
    await swept;
    const state = await mkdtemp(path.join(os.tmpdir(), `${STATE_PREFIX}${process.pid}-`));
    const { server, client, prefix } = TWO_HOSTS[family];
    const agentPrefix = [LAUNCHER, `/proc/${made.server.pid}/ns/net`, state, made.server.iface, `${server}/${prefix}`];
    const mac = await linkAddress(made.client.prefix, made.client.iface);
    if (typeof mac !== 'string') {
      await made.close();
      await rm(state, { recursive: true, force: true });
      return { unavailable: true, reason: mac.problem };
    }
    return {
      ...made,
      // No holder: what it would do in the namespace (inject) goes through the tool prefix, which restores the route first.
      server: { ...made.server, agentPrefix, prefix: toolPrefix(made.server.prefix, made.server.iface, client, mac), holder: null },
      close: async () => {
        await deleteSandboxes(path.join(state, 'runsc'));
        await made.close();
        await rm(state, { recursive: true, force: true });
      },
    };
  },
};

export default gvisor;
