// A user-space forwarder (pasta, slirp4netns) whose life is tied to a pipe from us: if the run dies, even by SIGKILL, it goes too.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';

const TIED = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tied.sh');

/** A started forwarder: its wrapper's pid, what it printed so far, and close(). */
export interface TiedProcess {
  pid: number;
  /** stdout and stderr so far (for error messages). */
  output(): string;
  /** Resolves with the exit message once the wrapper is gone (it may end on its own: the forwarder failed). */
  exited: Promise<string>;
  /** Ends the forwarder and its wrapper; resolves once they have exited. */
  close(): Promise<void>;
}

/**
 * Starts a forwarder through tied.sh (`args`: its name and arguments, see the script) in a private mount
 * namespace (so a mount it makes lives only as long as it does), with `prefix` (the namespace to run in).
 * A sibling in the script waits for our pipe to close (our close(), or this process's death, even by
 * SIGKILL) and then ends the forwarder by its pid. Nothing is named, nothing is left. A script file, not
 * `sh -c` with a string: the harness never hands a shell text to parse (test/escape).
 */
export const startTied = (prefix: string[], args: string[]): TiedProcess => {
  // The forwarder ending on its own ends the wrapper too (its exit is then the error message).
  const command = [...prefix, 'unshare', '--mount', '--propagation', 'private', '--', TIED, ...args];
  const child: ResultPromise = execa(command[0]!, command.slice(1), {
    stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false, cleanup: true, forceKillAfterDelay: false,
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => { text += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { text += c.toString(); });
  const exited = child.then((r) => `exited with ${r.exitCode ?? r.signal}: ${clean(text) || r.shortMessage}`);
  const close = async (): Promise<void> => {
    child.stdin?.end();
    await child;
  };
  return { pid: child.pid ?? -1, output: () => clean(text), exited, close };
};

// pasta writes each log line to syslog too, and says so on stderr when there is none ("Failed to send N bytes to syslog").
const clean = (s: string): string => s.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('Failed to send')).join('; ').slice(0, 600);

/** Polls `check` (an observable state: a listener, an address) until it says null, or `ms` pass: a bounded, named wait. */
export const waitFor = async (what: string, ms: number, check: () => Promise<string | null>, gone?: Promise<string>): Promise<string | null> => {
  const deadline = performance.now() + ms;
  let dead: string | null = null;
  void gone?.then((m) => { dead = m; });
  let last = '';
  while (performance.now() < deadline) {
    if (dead !== null) return `${what}: the forwarder ${dead}`;
    const r = await check();
    if (r === null) return null;
    last = r;
  }
  return `${what} not within ${ms} ms (last: ${last})`;
};
