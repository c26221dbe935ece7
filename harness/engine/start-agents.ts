// A case's agents, one per role its steps name, started together in their hosts: the case's start-up, now or ahead of it.
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import type { AgentStep } from '../case/case-types.ts';
import { AgentProcess } from '../channel/agent-process.ts';
import { ownGroupPrefix } from '../channel/own-group.ts';
import { agentPrefixOf, hostOf, type Hosts } from '../net/hosts.ts';
import type { AgentEnd } from '../result/case-result.ts';
import { agentCommand } from './agent-command.ts';
import type { CaseJob } from './case-job.ts';

/** One role's start: a live agent past its hello, or the trouble and how the process ended. */
export type AgentStart = Awaited<ReturnType<typeof AgentProcess.start>>;

/** Every role's start; `ms` from the first spawn to the last hello (or failure): the case's start-up. */
export interface AgentsStart {
  starts: AgentStart[];
  ms: number;
}

/** The roles a case's steps name, in the order they first appear. */
export const agentRoles = (job: CaseJob): ('server' | 'client')[] =>
  [...new Set(job.kase.steps.filter((s): s is AgentStep => s.role !== 'harness').map((s) => s.role))];

/** Niceness of a start-up ahead: it yields the cores to the cases running meanwhile (a JVM's start took a core from a case within one RTO of its send). */
export const AHEAD_NICE = 10;

/**
 * Starts every role's agent at once, through its host's prefix when the case has hosts. `ahead`:
 * while earlier cases run, at nice AHEAD_NICE (nice(1) execs the same command: same pid, args,
 * environment) until the case takes them (AheadPriority); restorePriority() then puts every thread
 * back to 0 before the case uses the agent. Only as root (raising a priority back needs
 * CAP_SYS_NICE) and on the namespace's own kernel (an agentPrefix, e.g. runsc, runs the agent in
 * processes we cannot renice).
 */
export const startAgents = async (job: CaseJob, hosts: Hosts | null, ahead: AheadPriority | null = null): Promise<AgentsStart> => {
  const t0 = performance.now();
  const starts = await Promise.all(agentRoles(job).map(async (role) => {
    const rt = role === 'server' ? job.server : job.client;
    const prefix = hosts === null ? [] : agentPrefixOf(hosts, role);
    const nice = ahead?.niced === true && process.getuid?.() === 0 && (hosts === null || hostOf(hosts, role).agentPrefix === undefined) ? ['nice', '-n', String(AHEAD_NICE)] : [];
    // A role the case freezes starts in a process group of its own (own-group.ts): first, so nice and nsenter exec into it.
    const group = await ownGroupPrefix(job.kase.steps, role);
    return AgentProcess.start({ role, runtime: rt.name, command: agentCommand(job, role), prefix: [...group, ...nice, ...prefix], ...(nice.length > 0 ? { spawned: (pid: number) => void ahead?.spawned(pid) } : {}), ...(ahead === null ? {} : { helloFrom: ahead.taken }) });
  }));
  return { starts, ms: performance.now() - t0 };
};

/** Every thread of one process back to nice 0; null, or the thread that could not be and why. */
const unnice = async (pid: number): Promise<string | null> => {
  // Linux's setpriority(PRIO_PROCESS) takes a thread id: each thread (a JVM's dozens) is set.
  const tids = await readdir(`/proc/${pid}/task`).catch(() => []);
  for (const tid of tids) {
    try {
      if (os.getPriority(Number(tid)) !== 0) os.setPriority(Number(tid), 0);
    } catch (error) {
      // A thread that ended meanwhile is no longer there to matter.
      // (os.getPriority/setPriority throw a SystemError: code ERR_SYSTEM_ERROR, the errno in info.code.)
      const e = error as { code?: string; info?: { code?: string } };
      if ((e.info?.code ?? e.code) !== 'ESRCH') return `thread ${tid}: ${String(error)}`;
    }
  }
  return null;
};

/**
 * The priority of one job's agents started ahead: nice AHEAD_NICE until its case takes them, then 0 at once, hello
 * or not, and their hello's bound counts from then. At nice 10 behind busy cores (two busy loops at nice 0, load ~20)
 * a Node agent took 3.2-3.8 s to its hello (0.5-1 s at nice 0), and start-ups ahead missed the 5 s bound counted from
 * their spawn: 55 of 646 runs of --fast --jobs 2 (node, python and java agents).
 */
export class AheadPriority {
  private isTaken = false;
  private markTaken: () => void = () => {};
  /** Settles when the case takes its agents: their hello's bound counts from then (at nice 10 a start-up may not be done). */
  readonly taken = new Promise<void>((resolve) => (this.markTaken = resolve));
  private readonly pids = new Set<number>();
  /** Whether an agent spawned now starts at nice AHEAD_NICE: not once its case has taken it. */
  get niced(): boolean { return !this.isTaken; }
  /** An agent spawned at nice AHEAD_NICE: back to 0 at once if its case took it meanwhile. */
  async spawned(pid: number): Promise<void> {
    if (this.isTaken) await unnice(pid);
    else this.pids.add(pid);
  }
  /** The case takes its agents (or the run ends them untaken): each back to 0 now (what fails here, restorePriority() reports after the hello). */
  async take(): Promise<void> {
    this.isTaken = true;
    this.markTaken();
    await Promise.all([...this.pids].map(unnice));
  }
}

/** Every thread of every started agent back to nice 0, as a case's own agents run; null, or what could not be. */
export const restorePriority = async (a: AgentsStart): Promise<string | null> => {
  for (const s of a.starts) {
    if (!('agent' in s) || s.agent.pid === null) continue;
    const failed = await unnice(s.agent.pid);
    if (failed !== null) return `cannot restore the priority of ${s.agent.runtime} ${s.agent.role} ${failed}`;
  }
  return null;
};

/** Ends the agents that started (a case that never ran): stdin EOF, then the end ladder. */
export const endAgents = async (a: AgentsStart): Promise<AgentEnd[]> =>
  Promise.all(a.starts.filter((s): s is Extract<AgentStart, { agent: unknown }> => 'agent' in s).map((s) => s.agent.end()));
