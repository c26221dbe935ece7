// One scheduled run of a case: its case, its variant and a runtime per role; the engine's unit of work.
import type { LoadedCase, Variant } from '../case/case-types.ts';
import type { AgentCommand } from '../adapters/adapter.ts';
import type { Family } from '../case/family.ts';

/** A runtime ready to start agents. */
export interface RoleRuntime {
  /** The runtime's name ("node"): what divergences and variants refer to, whatever the version. */
  name: string;
  /** What reports call it: its name, or "node@22.12.0" when several versions of one runtime run side by side. */
  column?: string;
  version: string;
  /** A fresh agent command; `program` names one of the adapter's other programs (null: the idiomatic agent). */
  command(program?: string | null): AgentCommand;
}


/** One scheduled run: a case, a variant, and a runtime per role. */
export interface CaseJob {
  kase: LoadedCase;
  variant: Variant | null;
  server: RoleRuntime;
  client: RoleRuntime;
  /** The address family its hosts, listeners and connections use (--family). */
  family: Family;
  /** The net its hosts are made on (--net: harness/net/nets/); absent: kernel. */
  net?: string;
  /** With --repeat N: which run of this job (1..N). */
  repeat?: number;
}

/** The column a run reports under: "node", or "c:node" when the roles' runtimes differ. */
export const runtimeColumn = (job: CaseJob): string => {
  const [server, client] = [job.server.column ?? job.server.name, job.client.column ?? job.client.name];
  return server === client ? server : `${server}:${client}`;
};
