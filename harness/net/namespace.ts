// A private network namespace per case, held by one process we own: ending it by pid removes the namespace.
import { execa, type ResultPromise } from 'execa';

/** A namespace and the prefix that runs a command inside it. */
export interface Namespace {
  holderPid: number;
  /** The user namespace the network namespace belongs to (non-root runs), to make siblings in. */
  userNs: string | null;
  /** Prepend to a command to run it in the namespace (no shell involved). */
  prefix: string[];
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
export const createNamespace = async (opts: { within?: Namespace } = {}): Promise<NamespaceOutcome> => {
  const root = process.getuid?.() === 0;
  // A sibling `within` another namespace shares its user namespace, so one command may act on both.
  const parentUser = opts.within?.userNs ?? null;
  const command = parentUser !== null
    ? ['nsenter', '--preserve-credentials', `--user=${parentUser}`, '--', 'unshare', '--net', '--', 'cat']
    : ['unshare', ...(root ? [] : ['--user', '--map-root-user']), '--net', '--', 'cat'];
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
  const ns = `/proc/${holder.pid}/ns`;
  const userNs = root ? null : parentUser ?? `${ns}/user`;
  // --preserve-credentials: our uid is already root inside the user namespace, and the
  // setgroups() nsenter would otherwise try is denied there.
  const prefix = userNs === null ? ['nsenter', `--net=${ns}/net`, '--'] : ['nsenter', '--preserve-credentials', `--user=${userNs}`, `--net=${ns}/net`, '--'];
  const ip = await execa(prefix[0]!, [...prefix.slice(1), 'ip', 'link', 'set', 'lo', 'up'], { reject: false });
  if (ip.exitCode !== 0) {
    await close();
    return { unavailable: true, reason: `cannot bring lo up in the namespace: ${String(ip.stderr).trim() || ip.shortMessage}` };
  }
  return { holderPid: holder.pid, userNs, prefix, close };
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
