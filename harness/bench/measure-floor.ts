// The floor of a run: the same agent processes started and stopped, plus the waits the cases cannot avoid.
import { setTimeout as delay } from 'node:timers/promises';
import { AgentProcess } from '../channel/agent-process.ts';
import type { CaseJob } from '../engine/case-job.ts';
import { runPool } from '../engine/run-pool.ts';
import { agentCommand } from '../engine/agent-command.ts';
import { inherentWaitMs, timerBound } from '../engine/inherent-wait.ts';

/**
 * Wall time (ms) to start and end every job's agents, `parallel` at a time and longest first, as
 * the suite schedules them, each pair alive for its case's inherent wait (inherent-wait.ts).
 * `timerJobs` as the suite's (run-suite.ts): a timer-bound job frees its slot once its agents are
 * up and waits beside, so the floor is the best the suite's own schedule could do; 0 holds the slot.
 * Agents run on the host: a namespace is the harness's cost (measured apart, in measure-hosts.ts),
 * not the floor's. The timer stands for a kernel timer the case waits out; it synchronises nothing.
 */
export const measureFloor = async (jobs: CaseJob[], parallel: number, timerJobs = 0): Promise<number> => {
  const t0 = performance.now();
  await runPool(jobs, parallel, async (job, release) => {
    const started = await Promise.all((['server', 'client'] as const).map((role) =>
      AgentProcess.start({ role, runtime: job[role].name, command: agentCommand(job, role) })));
    release();
    const wait = inherentWaitMs(job);
    if (wait > 0) await delay(wait);
    await Promise.all(started.map((s) => ('agent' in s ? s.agent.end() : s.end)));
  }, () => undefined, undefined, timerJobs > 0 ? { bound: (job) => timerBound(job), timerJobs } : undefined);
  return performance.now() - t0;
};
