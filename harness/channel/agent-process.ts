// One agent process and its control channel: spawn, hello, one request at a time, the end ladder.
import { readFile } from 'node:fs/promises';
import { spawnChild, type Child } from '../toolchain/spawner.ts';
import type { AgentCommand } from '../adapters/adapter.ts';
import type { Hello, Reply, RequestDraft } from '../protocol/messages.ts';
import type { AgentEnd, Trouble } from '../result/case-result.ts';
import { LineSplitter } from './line-splitter.ts';
import { TailBuffer } from './tail-buffer.ts';

/** Harness trouble with an agent: never a semantics verdict. */
export interface AgentTrouble {
  trouble: Trouble;
  message: string;
}

/** A reply the system under test gave (ok, error or unsupported), or trouble. */
export type Answer = { reply: Exclude<Reply, { fault: string }> } | AgentTrouble;

export interface StartOptions {
  role: string;
  runtime: string;
  command: AgentCommand;
  /** Runs the agent through this prefix, e.g. nsenter into the case's namespace. */
  prefix?: string[];
  helloTimeoutMs?: number;
  /** Told the pid as soon as the process exists, before its hello (agents started ahead are reniced then). */
  spawned?: (pid: number) => void;
  /** The hello's bound counts from when this settles, not from the spawn (agents started ahead: from their case's start). */
  helloFrom?: Promise<void>;
}

// Grace periods of the end ladder: EOF on stdin is the polite request (agents exit on it);
// SIGTERM is for an agent stuck in a call; SIGKILL for one that ignores SIGTERM.
const EXIT_GRACE_MS = 1000;
const TERM_GRACE_MS = 1000;

/** A live agent. Requests are strictly sequential, as PROTOCOL.md requires. */
export class AgentProcess {
  readonly pid: number | null;
  hello: Hello | null = null;
  private nextId = 1;
  private waiter: ((line: string | AgentTrouble) => void) | null = null;
  private unsolicited: string[] = [];
  private exited = false;
  private endedByUs = false;
  /** Stopped by freeze() and not continued since. */
  private stopped = false;
  private violation: string | null = null;
  private readonly stderr = new TailBuffer();
  private readonly done: Promise<{ exitCode: number | null; signal: string | null; spawnError: string | null }>;

  private constructor(readonly role: string, readonly runtime: string, private readonly child: Child) {
    this.pid = child.pid ?? null;
    const lines = new LineSplitter(
      (line) => this.onLine(line),
      (head) => this.onViolation(`agent wrote a line longer than 1 MiB, starting ${JSON.stringify(head)}`),
    );
    // Once the agent has broken the protocol its output is drained unread: splitting a flood
    // into lines nobody will look at cost seconds of CPU (found by the flood self-test).
    child.stdout?.on('data', (chunk: Buffer) => { if (this.violation === null) lines.push(chunk); });
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.done = child.result.then((r) => {
      this.exited = true;
      const spawnError = r.failed && r.exitCode === undefined && r.signal === undefined ? (r.shortMessage ?? 'spawn failed') : null;
      const result = { exitCode: r.exitCode ?? null, signal: r.signal ?? null, spawnError };
      this.deliver({ trouble: 'crash', message: this.describeExit(result) });
      return result;
    });
  }

  /** Spawns the agent and waits for its hello line. */
  static async start(opts: StartOptions): Promise<{ agent: AgentProcess } | { trouble: AgentTrouble; end: AgentEnd }> {
    const [file, ...args] = [...(opts.prefix ?? []), opts.command.file, ...opts.command.args];
    // Through the spawner (toolchain/spawner.ts): the main thread does not fork. No exit hook: each agent
    // exits on its stdin's EOF, which our death (however it comes) delivers.
    const child = await spawnChild([file!, ...args], { env: opts.command.env });
    const agent = new AgentProcess(opts.role, opts.runtime, child);
    if (agent.pid !== null) opts.spawned?.(agent.pid);
    const first = await agent.nextLine(opts.helloTimeoutMs ?? 5000, opts.helloFrom === undefined ? 'its hello' : 'its hello (started ahead; counted from its case\'s start)', opts.helloFrom);
    if (typeof first !== 'string') return { trouble: first, end: await agent.end() };
    const hello = parseObject(first);
    if (hello === null || hello.hello !== 'sockspec-agent' || hello.protocol !== 1) {
      const trouble: AgentTrouble = { trouble: 'error', message: `${agent.name()} did not start with a protocol-1 hello; it wrote ${JSON.stringify(first.slice(0, 200))}` };
      return { trouble, end: await agent.end() };
    }
    agent.hello = hello as unknown as Hello;
    return { agent };
  }

  /** Sends one request and waits, at most `deadlineMs`, for its reply. */
  async request(fields: RequestDraft, deadlineMs: number): Promise<Answer> {
    if (this.violation !== null) return { trouble: 'error', message: this.violation };
    if (this.exited) return { trouble: 'crash', message: `${this.name()} had already exited` };
    const id = this.nextId++;
    this.child.stdin?.write(`${JSON.stringify({ id, ...fields })}\n`);
    const line = await this.nextLine(deadlineMs, `its reply to request ${id} (${fields.op})`);
    if (typeof line !== 'string') return line;
    const reply = parseObject(line);
    if (reply === null) return this.onViolation(`${this.name()} wrote a line that is not a JSON object: ${JSON.stringify(line.slice(0, 200))}`);
    if ('fault' in reply) return this.onViolation(`${this.name()} rejected request ${id} as faulty: ${String(reply.fault)}`);
    if (reply.id !== id) return this.onViolation(`${this.name()} answered id ${JSON.stringify(reply.id)} to request ${id}`);
    if (typeof reply.ok !== 'boolean') return this.onViolation(`${this.name()} replied without a boolean \`ok\`: ${line.slice(0, 200)}`);
    return { reply: reply as unknown as Exclude<Reply, { fault: string }> };
  }

  /** Ends the agent: stdin EOF, then SIGTERM, then SIGKILL; reports how it ended. */
  async end(): Promise<AgentEnd> {
    const early = this.exited && !this.endedByUs;
    this.endedByUs = true;
    this.child.stdin?.end();
    // A stopped agent (a case that failed or ended while it was frozen) cannot read the EOF, and SIGTERM stays
    // pending while it is stopped: continued, it exits on the EOF at once instead of after both grace periods.
    if (this.stopped && !this.exited && this.pid !== null) process.kill(this.pid, 'SIGCONT');
    let how: AgentEnd['how'] = early ? 'crashed' : 'exited';
    if (!(await this.exitWithin(EXIT_GRACE_MS))) {
      how = 'terminated';
      this.child.kill('SIGTERM');
      if (!(await this.exitWithin(TERM_GRACE_MS))) {
        how = 'killed';
        this.child.kill('SIGKILL');
      }
    }
    const r = await this.done;
    if (r.spawnError !== null) how = 'never-started';
    return { role: this.role, runtime: this.runtime, pid: this.pid, how, exitCode: r.exitCode, signal: r.signal, stderrTail: this.stderr.toString() };
  }

  /**
   * Stops (SIGSTOP) or continues (SIGCONT) the agent. Stopping waits until the kernel reports
   * the process stopped ('T' in /proc/<pid>/stat), so nothing it has not read yet can be read
   * before the next step. Returns null, or why it could not.
   */
  async freeze(stop: boolean): Promise<string | null> {
    if (this.pid === null || this.exited) return `${this.name()} is not running`;
    process.kill(this.pid, stop ? 'SIGSTOP' : 'SIGCONT');
    this.stopped = stop;
    if (!stop) return null;
    for (let i = 0; i < 1000; i++) {
      const stat = await readFile(`/proc/${this.pid}/stat`, 'utf8').catch(() => '');
      // The state follows the parenthesised command name, which may itself contain spaces.
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')) return null;
    }
    return `${this.name()} did not stop after SIGSTOP`;
  }

  /** SIGKILLs the agent on purpose (a case's `kill` step): its sockets die with it, as in a crash. */
  async kill(): Promise<AgentEnd> {
    this.endedByUs = true;
    this.child.kill('SIGKILL');
    const r = await this.done;
    return { role: this.role, runtime: this.runtime, pid: this.pid, how: 'killed-by-step', exitCode: r.exitCode, signal: r.signal, stderrTail: this.stderr.toString() };
  }

  private name(): string {
    return `the ${this.runtime} ${this.role} agent (pid ${this.pid ?? '?'})`;
  }

  private describeExit(r: { exitCode: number | null; signal: string | null; spawnError: string | null }): string {
    if (r.spawnError !== null) return `${this.name()} could not start: ${r.spawnError}`;
    const how = r.signal !== null ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
    const tail = this.stderr.toString().trim();
    return `${this.name()} ${how}${tail ? `; stderr: ${tail.split('\n').slice(-5).join(' | ')}` : ''}`;
  }

  private exitWithin(ms: number): Promise<boolean> {
    if (this.exited) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.done.then(() => { clearTimeout(timer); resolve(true); });
    });
  }

  private nextLine(ms: number, what: string, from?: Promise<void>): Promise<string | AgentTrouble> {
    const queued = this.unsolicited.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.exited) return this.done.then((r) => ({ trouble: 'crash' as const, message: this.describeExit(r) }));
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      // The bound starts now, or once `from` settles if the line has not come by then.
      const arm = (): void => {
        if (settled) return;
        timer = setTimeout(() => {
          settled = true;
          this.waiter = null;
          resolve({ trouble: 'timeout', message: `${this.name()} did not send ${what} within ${Math.round(ms)} ms` });
        }, ms);
      };
      this.waiter = (line) => { settled = true; clearTimeout(timer); this.waiter = null; resolve(line); };
      if (from === undefined) arm();
      else void from.then(arm, arm);
    });
  }

  private onLine(line: string): void {
    if (this.waiter !== null) this.waiter(line);
    else if (this.unsolicited.length < 16) this.unsolicited.push(line);
    else this.onViolation(`${this.name()} wrote more than 16 lines nobody asked for`);
  }

  // Also after end(): a request abandoned on Ctrl-C must not leave its timer holding the process open.
  private deliver(trouble: AgentTrouble): void {
    if (this.waiter !== null) this.waiter(trouble);
  }

  private onViolation(message: string): AgentTrouble {
    this.violation ??= message;
    const trouble: AgentTrouble = { trouble: 'error', message };
    this.deliver(trouble);
    return trouble;
  }
}

const parseObject = (line: string): Record<string, unknown> | null => {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};
