// A private network namespace per case, held by one process we own: ending it by pid removes the namespace.
import { openSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { startCapture, type CaptureSession } from '../capture/capture-session.ts';
import { holderDo } from './holder-command.ts';

/**
 * Buckets of a case namespace's own TCP established hash (net.ipv4.tcp_child_ehash_entries, tcp_ipv4.c
 * tcp_set_hashinfo()). Without one every namespace shares the kernel's global ehash (262144 buckets here),
 * and each read of /proc/<pid>/net/tcp or tcp6 walks all of it (established_get_first()): the sockets step
 * read both tables in 4-8 ms quiet, ~19 ms under load, ~10% of a C run's CPU; with 256 buckets, 0.2 ms.
 */
const CHILD_EHASH = 256;
/** What tcp_set_hashinfo() derives from a namespace's own ehash size, set back to the values a namespace sharing the global one has. */
const DERIVED = ['net.ipv4.tcp_max_tw_buckets', 'net.ipv4.tcp_max_syn_backlog'];

interface Nursery {
  /** nsenter's --net path of the parent namespace, held by an fd of ours (nothing named, gone with us). */
  path: string;
  /** DERIVED's values in a namespace made as before (the nursery itself), to set in each case namespace. */
  restore: [string, number][];
}
let nursery: Promise<Nursery | null> | null = null;

/**
 * As root, case namespaces are made inside one parent namespace whose tcp_child_ehash_entries is CHILD_EHASH,
 * so each gets a small ehash of its own; null (namespaces made as before) when that cannot be set up here.
 */
export const nurseryOf = (): Promise<Nursery | null> => (nursery ??= (async () => {
  const holder = execa('unshare', ['--net', '--', 'cat'], { stdin: 'pipe', stdout: 'pipe', stderr: 'ignore', buffer: false, reject: false, cleanup: true });
  try {
    if (await holderReady(holder) !== null || holder.pid === undefined) return null;
    // The fd holds the namespace once its holder is gone; opened through /proc/<our pid>/fd/<n> by the spawner's children.
    const fd = openSync(`/proc/${holder.pid}/ns/net`, 'r');
    const path = `/proc/${process.pid}/fd/${fd}`;
    const read = await execa('nsenter', [`--net=${path}`, '--', 'sysctl', '-n', ...DERIVED], { reject: false });
    const values = String(read.stdout).trim().split(/\s+/).map(Number);
    if (read.exitCode !== 0 || values.length !== DERIVED.length || values.some((v) => !Number.isInteger(v))) return null;
    const set = await execa('nsenter', [`--net=${path}`, '--', 'sysctl', '-q', '-w', `net.ipv4.tcp_child_ehash_entries=${CHILD_EHASH}`], { reject: false });
    if (set.exitCode !== 0) return null;
    return { path, restore: DERIVED.map((k, i) => [k, values[i]!] as [string, number]) };
  } catch {
    return null;
  } finally {
    holder.stdin?.end();
    holder.kill('SIGKILL');
    await holder;
  }
})());

/** A namespace and the prefix that runs a command inside it. */
export interface Namespace {
  holderPid: number;
  /** The user namespace the network namespace belongs to (non-root runs), to make siblings in. */
  userNs: string | null;
  /** Prepend to a command to run it in the namespace (no shell involved). */
  prefix: string[];
  /** The capture that holds the namespace, when one was asked for and could run (else null). */
  capture: CaptureSession | null;
  /** Why `capture` is null when one was asked for. */
  captureReason: string | null;
  /** Ends the holder; the kernel frees the namespace when its last process is gone. */
  close(): Promise<void>;
}

export type NamespaceOutcome = Namespace | { unavailable: true; reason: string };

/**
 * Creates a namespace with only `lo`, up. The holder is `cat` reading a pipe from us: if this
 * process dies, even by SIGKILL, the pipe closes, cat exits and the namespace goes with it, so
 * nothing named is left to clean up (unlike `ip netns add`).
 *
 * Root gets a plain network namespace. Anyone else gets one inside a user namespace that maps
 * them to root there (where the kernel allows unprivileged user namespaces): enough to bring
 * lo up and to open a packet socket on it, and nothing outside it.
 */
export const createNamespace = async (opts: { within?: Namespace; capture?: { binary: string; iface: string } } = {}): Promise<NamespaceOutcome> => {
  const root = process.getuid?.() === 0;
  // A sibling `within` another namespace shares its user namespace, so one command may act on both.
  const parentUser = opts.within?.userNs ?? null;
  const parent = root ? await nurseryOf() : null;
  const launch = parentUser !== null
    ? ['nsenter', '--preserve-credentials', `--user=${parentUser}`, '--', 'unshare', '--net', '--']
    : [...(parent === null ? [] : ['nsenter', `--net=${parent.path}`, '--']), 'unshare', ...(root ? [] : ['--user', '--map-root-user']), '--net', '--'];
  const userNsOf = (pid: number): string | null => (root ? null : parentUser ?? `/proc/${pid}/ns/user`);
  let captureReason: string | null = null;
  if (opts.capture !== undefined) {
    const held = await captureHolder(launch, opts.capture, userNsOf);
    // Not possible here (no CAP_NET_RAW, say): a plain holder, and no capture.
    if (!('unavailable' in held)) return restoreDerived(held, parent);
    if (!held.fallBack) return held;
    captureReason = held.reason;
  }
  const command = [...launch, 'cat'];
  const holder: ResultPromise = execa(command[0]!, command.slice(1), {
    stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false, cleanup: true, forceKillAfterDelay: false,
  });
  const close = async (): Promise<void> => {
    holder.stdin?.end();
    holder.kill('SIGKILL');
    await holder;
  };
  const failed = await holderReady(holder);
  if (failed !== null || holder.pid === undefined) {
    await close();
    return { unavailable: true, reason: failed ?? 'cannot start unshare' };
  }
  const userNs = userNsOf(holder.pid);
  const prefix = enterPrefix(holder.pid, userNs);
  const ip = await execa(prefix[0]!, [...prefix.slice(1), 'ip', 'link', 'set', 'lo', 'up'], { reject: false });
  if (ip.exitCode !== 0) {
    await close();
    return { unavailable: true, reason: `cannot bring lo up in the namespace: ${String(ip.stderr).trim() || ip.shortMessage}` };
  }
  return restoreDerived({ holderPid: holder.pid, userNs, prefix, capture: null, captureReason, close }, parent);
};

/** A namespace made in the nursery gets DERIVED back to what it would have had (through its capture, else sysctl(8)). */
const restoreDerived = async (ns: Namespace, parent: Nursery | null): Promise<NamespaceOutcome> => {
  if (parent === null) return ns;
  for (const [k, v] of parent.restore) {
    const viaHolder = ns.capture === null ? 'unanswered' : await holderDo(ns.capture, `sysctl ${k} ${v}`);
    const failed = viaHolder !== 'unanswered' ? viaHolder
      : await execa(ns.prefix[0]!, [...ns.prefix.slice(1), 'sysctl', '-q', '-w', `${k}=${v}`], { reject: false }).then((r) => (r.exitCode === 0 ? null : String(r.stderr).trim() || r.shortMessage));
    if (failed !== null) {
      await ns.close();
      return { unavailable: true, reason: `cannot set ${k}=${v} in the namespace: ${failed}` };
    }
  }
  return ns;
};

/** The command prefix that runs a program inside the namespace `pid` holds. */
const enterPrefix = (pid: number, userNs: string | null): string[] =>
  // --preserve-credentials: our uid is already root inside the user namespace, and the
  // setgroups() nsenter would otherwise try is denied there.
  userNs === null ? ['nsenter', `--net=/proc/${pid}/ns/net`, '--'] : ['nsenter', '--preserve-credentials', `--user=${userNs}`, `--net=/proc/${pid}/ns/net`, '--'];

/**
 * The capture as the namespace's first process (`capture --lo-up`): one spawn makes the
 * namespace, brings lo up and starts capturing; the pcap header's arrival says all three are done.
 * fallBack: capturing is not possible here, but a namespace may still be.
 */
const captureHolder = async (
  launch: string[], capture: { binary: string; iface: string }, userNsOf: (pid: number) => string | null,
): Promise<Namespace | { unavailable: true; reason: string; fallBack: boolean }> => {
  let session: CaptureSession | { unavailable: true; reason: string };
  try {
    session = await startCapture({ binary: capture.binary, prefix: launch, flags: ['--lo-up'], iface: capture.iface, holdsNamespace: true });
  } catch (error) {
    return { unavailable: true, reason: `cannot create a network namespace with its capture: ${(error as Error).message}`, fallBack: false };
  }
  if ('unavailable' in session) return { ...session, fallBack: true };
  const pid = session.pid!;
  const userNs = userNsOf(pid);
  const held = session;
  return { holderPid: pid, userNs, prefix: enterPrefix(pid, userNs), capture: held, captureReason: null, close: () => held.end() };
};

/**
 * unshare(1) runs unshare(2) and only then execs cat; so once cat echoes a line back, the
 * namespace exists. Waiting for the echo (or the holder's exit) is waiting on an event, not a clock.
 */
const holderReady = (holder: ResultPromise): Promise<string | null> =>
  new Promise((resolve) => {
    let stderr = '';
    holder.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
    holder.stdout?.once('data', () => resolve(null));
    void holder.then((r) => resolve(`cannot create a network namespace: ${stderr.trim() || r.shortMessage || `unshare exited with ${r.exitCode}`}`));
    holder.stdin?.write('ready\n');
  });
