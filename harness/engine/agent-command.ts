// Which program a role's agent runs in a job: a program variant swaps the whole agent of the runtime it belongs to.
import type { AgentCommand } from '../adapters/adapter.ts';
import type { CaseJob } from './case-job.ts';

/** The command that starts a role's agent: the variant's program when it is that role's runtime's, else the idiomatic one. */
export const agentCommand = (job: CaseJob, role: 'server' | 'client'): AgentCommand => {
  const rt = role === 'server' ? job.server : job.client;
  const program = job.variant?.program === true && job.variant.runtimes.includes(rt.name) ? job.variant.name : null;
  return rt.command(program);
};
