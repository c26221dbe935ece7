// A case's agents, one per role its steps name, started together in their hosts: the case's start-up, now or ahead of it.
import type { AgentStep } from '../case/case-types.ts';
import { AgentProcess } from '../channel/agent-process.ts';
import { agentPrefixOf, type Hosts } from '../net/hosts.ts';
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

/** Starts every role's agent at once, through its host's prefix when the case has hosts. */
export const startAgents = async (job: CaseJob, hosts: Hosts | null): Promise<AgentsStart> => {
  const t0 = performance.now();
  const starts = await Promise.all(agentRoles(job).map((role) => {
    const rt = role === 'server' ? job.server : job.client;
    return AgentProcess.start({ role, runtime: rt.name, command: agentCommand(job, role), prefix: hosts === null ? undefined : agentPrefixOf(hosts, role) });
  }));
  return { starts, ms: performance.now() - t0 };
};

/** Ends the agents that started (a case that never ran): stdin EOF, then the end ladder. */
export const endAgents = async (a: AgentsStart): Promise<AgentEnd[]> =>
  Promise.all(a.starts.filter((s): s is Extract<AgentStart, { agent: unknown }> => 'agent' in s).map((s) => s.agent.end()));
