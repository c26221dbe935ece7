// One agent process driven over its raw control channel: lines of bytes out, lines of text in.
// The conformance test reads the wire itself here rather than trusting AgentProcess to parse it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { AgentCommand } from '../../harness/adapters/adapter.ts';

/** One line the agent wrote: its bytes (without the `\n`) and their UTF-8 text. */
export interface Line {
  raw: Buffer;
  text: string;
}

/** How the process ended; `spawnError` when it never started. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: string | null;
}

// Enough for a human to see what the agent was doing when a wait ran out.
const STDERR_TAIL = 2000;
const SEEN_LINES = 5;

/** A running agent; every wait is bounded and, when it runs out, says what did arrive. */
export class RawAgent {
  private readonly arrived: Line[] = [];
  private readonly seen: string[] = [];
  private partial = Buffer.alloc(0);
  private stdoutEnded = false;
  private exit: Exit | null = null;
  private stderrTail = '';
  private wake: (() => void) | null = null;
  readonly exited: Promise<Exit>;

  private constructor(readonly label: string, private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.onStdout(chunk));
    child.stdout.on('end', () => this.update(() => (this.stdoutEnded = true)));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    // A write to an agent that already died must fail the check that wrote it, not the test process.
    child.stdin.on('error', () => {});
    // The process's own exit, not 'close': a child it left holding stdout must not hide it.
    // Lines it wrote just before exiting are still read; `rest` waits for stdout to end.
    this.exited = new Promise((resolve) => {
      const ended = (exit: Exit): void => this.update(() => resolve((this.exit ??= exit)));
      child.on('error', (err) => ended({ code: null, signal: null, spawnError: err.message }));
      child.on('exit', (code, signal) => ended({ code, signal, spawnError: null }));
    });
  }

  /** Spawns the command without a shell; nothing is written to its stdin until asked. */
  static start(command: AgentCommand, label: string): RawAgent {
    const child = spawn(command.file, command.args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...command.env },
    });
    return new RawAgent(label, child);
  }

  /** The child's pid as the OS gave it (undefined when it could not be spawned). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Writes one line (the `\n` is added here). */
  write(text: string): void {
    if (!this.child.stdin.writable) return;
    this.child.stdin.write(`${text}\n`);
  }

  /** Closes stdin: the protocol's "the harness is done". */
  endInput(): void {
    this.child.stdin.end();
  }

  /** The next line, in arrival order; throws when none comes within `ms`, naming what did. */
  async nextLine(ms: number, what: string): Promise<Line> {
    const line = await this.waitUntil(ms, () => this.arrived.shift() ?? (this.stdoutEnded ? null : undefined));
    if (line === undefined) throw new Error(`${this.label}: no line within ${ms} ms while waiting for ${what}; ${this.describe()}`);
    if (line === null) throw new Error(`${this.label}: stdout ended while waiting for ${what}; ${this.describe()}`);
    this.seen.push(line.text.slice(0, 300));
    if (this.seen.length > SEEN_LINES) this.seen.shift();
    return line;
  }

  /** Writes one request line and returns the next line the agent writes. */
  async request(text: string, ms: number): Promise<Line> {
    this.write(text);
    return this.nextLine(ms, `the reply to ${text.length > 120 ? `${text.slice(0, 117)}...` : text}`);
  }

  /** Every line still to come until stdout ends; throws when it does not end within `ms`. */
  async rest(ms: number): Promise<Line[]> {
    const ended = await this.waitUntil(ms, () => (this.stdoutEnded ? true : undefined));
    if (ended === undefined) throw new Error(`${this.label}: stdout did not end within ${ms} ms; ${this.describe()}`);
    return this.arrived.splice(0);
  }

  /** The exit, or throws when the process is still running after `ms`. */
  async exitWithin(ms: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
    const exit = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (exit === null) throw new Error(`${this.label}: still running ${ms} ms after its stdin closed; ${this.describe()}`);
    return exit;
  }

  /** Ends the agent politely (stdin EOF), then by SIGKILL to its own pid; for teardown. */
  async stop(): Promise<void> {
    this.endInput();
    const exit = await this.exitWithin(2000).catch(() => null);
    if (exit === null && this.exit === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** What arrived so far, for failure messages. */
  describe(): string {
    const parts = [
      `last lines read: ${this.seen.length > 0 ? this.seen.map((l) => JSON.stringify(l)).join(', ') : 'none'}`,
      `unread lines: ${this.arrived.length}`,
    ];
    if (this.partial.length > 0) parts.push(`unterminated output: ${JSON.stringify(this.partial.toString('utf8').slice(0, 200))}`);
    if (this.exit !== null) {
      parts.push(this.exit.spawnError ?? `exited with ${this.exit.signal ?? `code ${this.exit.code}`}`);
    }
    const tail = this.stderrTail.trim().split('\n').slice(-5).join(' | ');
    if (tail) parts.push(`stderr: ${tail}`);
    return parts.join('; ');
  }

  // Splits on the 0x0a byte, so a multi-byte character never straddles two chunks' decoding.
  private onStdout(chunk: Buffer): void {
    this.update(() => {
      let data = Buffer.concat([this.partial, chunk]);
      for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a)) {
        const raw = data.subarray(0, nl);
        this.arrived.push({ raw, text: raw.toString('utf8') });
        data = data.subarray(nl + 1);
      }
      this.partial = data;
    });
  }

  private update(change: () => void): void {
    change();
    this.wake?.();
  }

  // Re-checks `ready` on every event from the child until it yields or `ms` pass.
  private waitUntil<T>(ms: number, ready: () => T | undefined): Promise<T | undefined> {
    const now = ready();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = (value: T | undefined): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve(value);
      };
      const timer = setTimeout(() => finish(undefined), ms);
      this.wake = () => {
        const value = ready();
        if (value !== undefined) finish(value);
      };
    });
  }
}
