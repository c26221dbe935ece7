// The floor of a run: the same agent processes started and stopped, with no case work between.
import { AgentProcess } from '../agent/agent-process.ts';
import { createNamespace } from '../net/namespace.ts';
import type { CaseJob } from '../run/run-case.ts';
import { runPool } from '../run/run-pool.ts';
import { agentCommand } from '../run/agent-command.ts';

/** Wall time (ms) to start and end every job's agents, `jobs` at a time, as the suite would. */
export const measureFloor = async (jobs: CaseJob[], parallel: number, isolate: boolean): Promise<number> => {
  const t0 = performance.now();
  await runPool(jobs, parallel, async (job) => {
    const ns = isolate ? await createNamespace() : null;
    const prefix = ns !== null && 'prefix' in ns ? ns.prefix : undefined;
    const started = await Promise.all((['server', 'client'] as const).map((role) =>
      AgentProcess.start({ role, runtime: job[role].name, command: agentCommand(job, role), prefix })));
    await Promise.all(started.map((s) => ('agent' in s ? s.agent.end() : s.end)));
    if (ns !== null && 'close' in ns) await ns.close();
  }, () => undefined);
  return performance.now() - t0;
};
