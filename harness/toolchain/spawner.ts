// Starts the harness's processes through one small helper (spawner.c), so that Node's main thread never forks.
//
// Why: Node's spawn forks the whole harness (page tables of ~100-250 MB) and then blocks its one thread until
// the child has exec'd (libuv reads a CLOEXEC pipe for the exec's outcome). Measured on this 2-core machine at
// load ~17: spawn() held the main thread 5.4 ms median from a 51 MB process and 13.4 ms from a 262 MB one; a
// --cpu-prof of the C fast catalogue at --jobs 2 had 36% of the main thread's samples in ChildProcess.spawn,
// while every case waited its turn on that thread. spawner.c posix_spawn()s (vfork) from a ~1 MB process.
// The child's stdio are ordinary pipes the spawner makes (libuv's are socketpairs: agents read and write
// lines either way; every runtime's fast catalogue gave the same outcomes); the harness opens its own ends
// through /proc/<spawner>/fd/N (a new open of the same pipe), so no file is named and nothing is left behind.
import { spawn } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { compileC } from './compile-c.ts';

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'spawner.c');

/** How a child ended, in the words of execa's result (the fields the harness reads). */
export interface ChildResult {
  exitCode?: number;
  signal?: string;
  failed: boolean;
  shortMessage?: string;
  /** Ended by a signal. */
  isTerminated: boolean;
  /** Ended by the SIGKILL that `forceKillAfterDelay` sent. */
  isForcefullyTerminated: boolean;
}

/** A started process: its pipes, a kill, and its result once it has exited and its output ended (not a thenable: async code returns it). */
export interface Child {
  readonly pid: number | undefined;
  readonly result: Promise<ChildResult>;
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  kill(signal?: NodeJS.Signals): boolean;
}

export interface ChildOptions {
  /** Added to our environment, as execa's extendEnv. */
  env?: Record<string, string | undefined>;
  /** After a SIGTERM from kill(), SIGKILL if it has not exited within this many ms (execa's option). */
  forceKillAfterDelay?: number | false;
}

interface Live {
  exited: (code: number, signal: number) => void;
}

/** One spawner per harness process, started once (startSpawner); until then, and if it cannot run, execa spawns. */
class Spawner {
  private readonly replies: ((line: string) => void)[] = [];
  private readonly live = new Map<number, Live>();
  // Exits read before their child was adopted (its spawn reply and its exit in one read).
  private readonly early = new Map<number, { code: number; signal: number }>();
  private dead = false;
  private buffered = '';

  constructor(private readonly proc: ReturnType<typeof spawn>, readonly pid: number) {
    proc.stdout!.on('data', (chunk: Buffer) => this.onData(chunk.toString()));
    const gone = (): void => this.onGone();
    proc.stdout!.on('close', gone);
    proc.on('exit', gone);
    proc.stdin!.on('error', gone);
    this.idle();
  }

  get alive(): boolean { return !this.dead; }

  /** Spawns `argv` (PATH looked up in the child's environment); resolves once the child exists, or failed to. */
  async start(argv: string[], opts: ChildOptions): Promise<Child> {
    const env = Object.entries({ ...process.env, ...opts.env }).filter((e): e is [string, string] => e[1] !== undefined).map(([k, v]) => `${k}=${v}`);
    const folded = foldPrefix(argv);
    argv = folded.argv;
    const tokens = [process.cwd(), folded.setup, ...argv, ...env].map((t) => { const b = Buffer.from(t); return Buffer.concat([Buffer.from(`${b.length}:`), b]); });
    const reply = new Promise<string>((resolve) => this.replies.push(resolve));
    this.busy();
    this.proc.stdin!.write(Buffer.concat([Buffer.from(`s ${argv.length} ${env.length}\n`), ...tokens]));
    const line = await reply;
    const [kind, ...rest] = line.split(' ');
    if (kind !== 'p') {
      this.idle();
      const code = kind === 'e' ? Number(rest[0]) : NaN;
      const name = Object.entries(os.constants.errno).find(([, n]) => n === code)?.[0] ?? (kind === 'e' ? rest.slice(1).join(' ') : 'the spawner exited');
      return failedChild(`spawn ${argv[0]} ${name}`);
    }
    const [pid, ...fds] = rest.map(Number) as [number, number, number, number];
    const child = this.adopt(pid, fds, opts);
    this.idle();
    return child;
  }

  private adopt(pid: number, [inFd, outFd, errFd]: [number, number, number], opts: ChildOptions): Child {
    const open = (fd: number, flags: number): number | null => {
      try {
        // libuv adds O_CLOEXEC to every open: no other child inherits these.
        return openSync(`/proc/${this.pid}/fd/${fd}`, flags | constants.O_NONBLOCK);
      } catch {
        // ENXIO: its stdin has no reader left (it has exited already); its exit still comes.
        return null;
      }
    };
    const w = open(inFd, constants.O_WRONLY);
    const r1 = open(outFd, constants.O_RDONLY);
    const r2 = open(errFd, constants.O_RDONLY);
    // Ours are open: the spawner closes its own, so EOF comes when the child (or we) close.
    this.proc.stdin!.write(`o ${pid}\n`);
    const stdin = w === null ? discard() : new net.Socket({ fd: w, readable: false });
    const stdout = r1 === null ? ended() : new net.Socket({ fd: r1, readable: true });
    const stderr = r2 === null ? ended() : new net.Socket({ fd: r2, readable: true });
    // A write after the child's exit is EPIPE: the exit says what happened, not an unhandled error.
    for (const s of [stdin, stdout, stderr]) s.on('error', () => undefined);
    const closed = (s: Readable): Promise<void> => new Promise((resolve) => { if (s.destroyed) resolve(); else s.once('close', () => resolve()); });
    let exitedAt: { code: number; signal: number } | null = null;
    let forced = false;
    let forceTimer: NodeJS.Timeout | undefined;
    const exit = new Promise<{ code: number; signal: number }>((resolve) => {
      const exited = (code: number, signal: number): void => { exitedAt = { code, signal }; resolve(exitedAt); };
      const before = this.early.get(pid);
      this.early.delete(pid);
      if (before !== undefined) exited(before.code, before.signal);
      else if (this.dead) exited(-2, 0);
      else this.live.set(pid, { exited });
    });
    const result = (async (): Promise<ChildResult> => {
      const { code, signal } = await exit;
      clearTimeout(forceTimer);
      // As Node's ChildProcess does on exit; then the result waits for the output's end, as execa's does.
      stdin.destroy();
      await Promise.all([closed(stdout), closed(stderr)]);
      const signalName = signal > 0 ? Object.entries(os.constants.signals).find(([, n]) => n === signal)?.[0] : undefined;
      if (code === -2) return { failed: true, shortMessage: 'the spawner exited before the process did', isTerminated: false, isForcefullyTerminated: false };
      return {
        ...(signalName === undefined ? { exitCode: code } : { signal: signalName }), failed: signalName !== undefined || code !== 0,
        ...(signalName === undefined && code === 0 ? {} : { shortMessage: signalName === undefined ? `Command failed with exit code ${code}` : `Command was killed with ${signalName}` }),
        isTerminated: signalName !== undefined, isForcefullyTerminated: forced && signalName === 'SIGKILL',
      };
    })();
    const send = (sig: NodeJS.Signals): boolean => {
      if (exitedAt !== null || this.dead) return false;
      this.proc.stdin!.write(`k ${pid} ${os.constants.signals[sig]}\n`);
      return true;
    };
    return {
      pid, stdin, stdout, stderr,
      kill: (sig = 'SIGTERM') => {
        const sent = send(sig);
        if (sent && sig === 'SIGTERM' && typeof opts.forceKillAfterDelay === 'number' && forceTimer === undefined) {
          forceTimer = setTimeout(() => { forced = send('SIGKILL'); }, opts.forceKillAfterDelay);
          forceTimer.unref();
        }
        return sent;
      },
      result,
    };
  }

  private onData(text: string): void {
    this.buffered += text;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      if (line.startsWith('x ')) {
        const [, pid, code, signal] = line.split(' ').map(Number) as [number, number, number, number];
        const child = this.live.get(pid);
        if (child === undefined) {
          this.early.set(pid, { code, signal });
          continue;
        }
        this.live.delete(pid);
        child.exited(code, signal);
        this.idle();
      } else this.replies.shift()?.(line);
    }
  }

  // Whatever it still owed is lost: spawns fail, children end with the spawner's exit as their reason.
  private onGone(): void {
    if (this.dead) return;
    this.dead = true;
    for (const reply of this.replies.splice(0)) reply('gone');
    for (const child of this.live.values()) child.exited(-2, 0);
    this.live.clear();
  }

  // Its output holds the event loop open only while a spawn or a child's exit is still to come.
  private busy(): void { (this.proc.stdout as net.Socket).ref(); }
  private idle(): void { if (this.live.size === 0 && this.replies.length === 0) (this.proc.stdout as net.Socket).unref(); }
}

/**
 * The exec wrappers a command starts with, in exactly these forms, as the set-up the spawner's child does
 * before its one exec (spawner.c set_up()): nice -n N, then nsenter --net=/proc/P/ns/net --, then unshare
 * --net --. Each wrapper only makes that call and execs the rest (same pid, args, environment); an agent
 * started ahead ran three programs (measured: ~1.9 ms of CPU more than the agent alone, on cores its case
 * shares with the running ones). Any other form (a user namespace, own-group, runsc) is run as given.
 */
export const foldPrefix = (argv: string[]): { setup: string; argv: string[] } => {
  const words: string[] = [];
  let rest = argv;
  if (rest[0] === 'nice' && rest[1] === '-n' && /^-?\d+$/.test(rest[2] ?? '') && rest.length > 3) {
    words.push(`nice=${rest[2]}`);
    rest = rest.slice(3);
  }
  // A namespace's file, or an fd of a process holding one (namespace.ts's nursery).
  const ns = /^--net=(\/proc\/\d+\/(?:ns\/net|fd\/\d+))$/.exec(rest[1] ?? '');
  if (rest[0] === 'nsenter' && ns !== null && rest[2] === '--' && rest.length > 3) {
    words.push(`netns=${ns[1]}`);
    rest = rest.slice(3);
  }
  if (rest[0] === 'unshare' && rest[1] === '--net' && rest[2] === '--' && rest.length > 3) {
    words.push('unshare-net');
    rest = rest.slice(3);
  }
  return { setup: words.join(' '), argv: rest };
};

const discard = (): Writable => new Writable({ write: (_chunk, _enc, done) => done() });
const ended = (): Readable => { const s = new net.Socket(); s.destroy(); return s; };
const failedChild = (message: string): Child => {
  const result: ChildResult = { failed: true, shortMessage: message, isTerminated: false, isForcefullyTerminated: false };
  return { pid: undefined, stdin: discard(), stdout: ended(), stderr: ended(), kill: () => false, result: Promise.resolve(result) };
};

let spawner: Promise<Spawner | null> | null = null;

/**
 * Starts this process's spawner once (built with the C compiler, cached as the capture is); null when it
 * cannot run here (no compiler), and spawnChild then spawns through execa.
 */
export const startSpawner = (cacheDir: string): Promise<Spawner | null> => (spawner ??= (async () => {
  // posix_spawn, pipe2 and /proc/<pid>/fd: Linux's; elsewhere execa spawns.
  if (process.platform !== 'linux') return null;
  const built = await compileC({ source: SOURCE, name: 'spawner', cacheDir });
  if (!built.ok) return null;
  const proc = spawn(built.binary, [], { stdio: ['pipe', 'pipe', 'ignore'] });
  proc.unref();
  const first = await new Promise<string | null>((resolve) => {
    proc.stdout!.once('data', (c: Buffer) => resolve(c.toString()));
    proc.once('error', () => resolve(null));
    proc.once('exit', () => resolve(null));
  });
  const ready = /^r (\d+)\n$/.exec(first ?? '');
  if (ready === null) {
    proc.kill('SIGKILL');
    return null;
  }
  return new Spawner(proc, Number(ready[1]));
})());

/** Starts `argv` with piped stdio: through the spawner once it runs, else through execa (what both give is the same). */
export const spawnChild = async (argv: string[], opts: ChildOptions = {}): Promise<Child> => {
  const s = spawner === null ? null : await spawner;
  if (s !== null && s.alive) return s.start(argv, opts);
  const sub = execa(argv[0]!, argv.slice(1), {
    stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false,
    cleanup: false, forceKillAfterDelay: opts.forceKillAfterDelay ?? false, env: opts.env, extendEnv: true,
  });
  const result = sub.then((r): ChildResult => ({
    ...(r.exitCode === undefined ? {} : { exitCode: r.exitCode }), ...(r.signal === undefined ? {} : { signal: r.signal }),
    failed: r.failed, shortMessage: r.shortMessage, isTerminated: r.isTerminated, isForcefullyTerminated: r.isForcefullyTerminated,
  }));
  return { pid: sub.pid, stdin: sub.stdin, stdout: sub.stdout, stderr: sub.stderr, kill: (sig) => sub.kill(sig), result };
};

/** A short command's whole run, through spawnChild: what it wrote, and how it ended (execa's reject: false). */
export const runChild = async (argv: string[], opts: { input?: string } = {}): Promise<ChildResult & { stdout: string; stderr: string }> => {
  const child = await spawnChild(argv);
  const text = (s: Readable): Promise<string> => new Promise((resolve) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.once('close', () => resolve(Buffer.concat(chunks).toString()));
  });
  const [stdout, stderr] = [text(child.stdout), text(child.stderr)];
  child.stdin.end(opts.input);
  const r = await child.result;
  return { ...r, stdout: (await stdout).trimEnd(), stderr: (await stderr).trimEnd() };
};
