// Makes a case's hosts ahead of time, while earlier cases run: a namespace (~5 ms; two hosts ~25 ms) leaves the case's path; and its agents (a JVM's start-up: hundreds of ms).
import type { Hosts } from '../net/hosts.ts';
import { hostsOnNet } from '../net/net-hosts.ts';
import { applySysctls } from '../net/sysctls.ts';
import type { CaseJob } from './case-job.ts';
import { AheadPriority, endAgents, startAgents, type AgentsStart } from './start-agents.ts';

export type HostsOutcome = Hosts | { unavailable: true; reason: string };

/** What was made for a case: its hosts and, when started ahead too, its sysctls' outcome and its agents. */
export interface Warmed {
  hosts: HostsOutcome;
  /** null: nothing more was done (the case sets its sysctls and starts its agents itself). */
  ahead: { sysctlsFailed: string | null; agents: AgentsStart | null } | null;
}

/**
 * Hosts made ahead for the jobs about to start, and for at most `agentsAhead` of them at a time
 * their agents too, in the same order a case does it (hosts, sysctls, agents to hello), so an
 * agent is the same process with the same environment, only started sooner; a JVM is ~100 MB, so
 * the count is bounded. The namespace is fresh either way (nothing runs in it before its case;
 * an agent opens no socket before its first request). Whatever is never taken (a case that
 * skipped, an interrupted run) is ended by `close`, so nothing outlives the run.
 */
export class WarmHosts {
  // counted: the entry holds one of the `agentsAhead` shares (agents started, its case not begun).
  // priority: its agents' nice while ahead, put back when its case takes them.
  private readonly made = new Map<CaseJob, { making: Promise<Warmed>; counted: boolean; priority: AheadPriority }>();
  private agentsHeld = 0;
  // Jobs whose case has begun: the pool starts out of plan order (a timer-bound job waits for a
  // slot while later ones pass), so a job may be named for warming after it ran; made then, its
  // hosts and agents would wait for the run's end, holding a share (measured: 22 of 1068 runs ahead).
  private readonly started = new WeakSet<CaseJob>();

  constructor(private readonly captureBinary: string | null, private readonly agentsAhead = 0) {}

  /** Starts making the hosts of `job` (and, if `agents`, its agents, while fewer than `agentsAhead` jobs hold some untaken), once. */
  warm(job: CaseJob, agents = true): void {
    if (this.made.has(job) || this.started.has(job)) return;
    const withAgents = agents && this.agentsHeld < this.agentsAhead;
    if (withAgents) this.agentsHeld++;
    const priority = new AheadPriority();
    const making = this.make(job, withAgents, priority);
    // Awaited by take or close; until then a rejection is not an unhandled one.
    making.catch(() => undefined);
    this.made.set(job, { making, counted: withAgents, priority });
  }

  /** `job`'s case has begun: its agents, if started ahead, are no longer ahead (another job may start its own). */
  begun(job: CaseJob): void {
    this.started.add(job);
    const entry = this.made.get(job);
    if (entry?.counted === true) {
      entry.counted = false;
      this.agentsHeld--;
    }
  }

  /** What was made for `job` ahead, or its hosts made now. */
  async take(job: CaseJob): Promise<Warmed> {
    const ready = this.made.get(job);
    if (ready === undefined) return this.make(job, false);
    // Its agents may still be starting: from now on at the priority of the case that waits for them.
    await ready.priority.take();
    this.begun(job);
    this.made.delete(job);
    return ready.making;
  }

  /** Ends every agent started ahead and closes every host made ahead and never taken. */
  async close(): Promise<void> {
    const left = [...this.made.entries()];
    for (const [job, { priority }] of left) {
      this.begun(job);
      // Untaken agents still starting: their hello's bound runs from now, so the wait below ends.
      void priority.take();
    }
    this.made.clear();
    await Promise.all(left.map(async ([, { making }]) => {
      const { hosts, ahead } = await making;
      if (ahead !== null && ahead.agents !== null) await endAgents(ahead.agents);
      if (!('unavailable' in hosts)) await hosts.close();
    }));
  }

  // The capture holds the namespace even when the case asserts nothing on the wire: one spawn
  // makes the namespace, brings lo up and captures, where a bare holder takes two.
  private async make(job: CaseJob, withAgents: boolean, priority = new AheadPriority()): Promise<Warmed> {
    const hosts = await hostsOnNet(job.net, job.kase.topology ?? 'loopback', this.captureBinary, job.family);
    if (!withAgents || 'unavailable' in hosts) return { hosts, ahead: null };
    // In a case's own order: its sysctls are set before its agents exist.
    const sysctlsFailed = await applySysctls(hosts, job.kase.sysctls ?? {});
    return { hosts, ahead: { sysctlsFailed, agents: sysctlsFailed === null ? await startAgents(job, hosts, priority) : null } };
  }
}
