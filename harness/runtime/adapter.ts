// The contract of a runtime folder: runtimes/<name>/adapter.ts default-exports a RuntimeAdapter.

/** A command that starts one agent process; spawned without a shell. */
export interface AgentCommand {
  file: string;
  args: string[];
  env?: Record<string, string>;
}

export interface PrepareContext {
  /** Where built agents are cached (node_modules/.cache/sockspec by default). */
  cacheDir: string;
}

/** A runtime found and ready: its version, and a factory for fresh agent commands. */
export interface Available {
  available: true;
  version: string;
  /** A fresh command each call; the adapter keeps no per-agent state. */
  command(): AgentCommand;
}

/** A runtime that cannot run here, and why (reported as a skip, never an error). */
export interface Unavailable {
  available: false;
  reason: string;
}

export type Prepared = Available | Unavailable;

export interface RuntimeAdapter {
  /** Equal to the folder name: "node", "c". */
  name: string;
  /** One line for --list and the reports. */
  description: string;
  /** Finds the runtime and builds its agent if needed; called once per run. */
  prepare(ctx: PrepareContext): Promise<Prepared>;
}
