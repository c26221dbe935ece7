// A private network namespace per case, held by one process we own: ending it by pid removes the namespace.
import { execa, type ResultPromise } from 'execa';
import { startCapture, type CaptureSession } from '../capture/capture-session.ts';

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
  const launch = parentUser !== null
    ? ['nsenter', '--preserve-credentials', `--user=${parentUser}`, '--', 'unshare', '--net', '--']
    : ['unshare', ...(root ? [] : ['--user', '--map-root-user']), '--net', '--'];
  const userNsOf = (pid: number): string | null => (root ? null : parentUser ?? `/proc/${pid}/ns/user`);
  let captureReason: string | null = null;
  if (opts.capture !== undefined) {
    const held = await captureHolder(launch, opts.capture, userNsOf);
    // Not possible here (no CAP_NET_RAW, say): a plain holder, and no capture.
    if (!('unavailable' in held && held.fallBack)) return held;
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
  return { holderPid: holder.pid, userNs, prefix, capture: null, captureReason, close };
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
