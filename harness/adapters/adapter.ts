// The contract of a runtime folder: runtimes/<name>/adapter.ts default-exports a RuntimeAdapter.

/** A command that starts one agent process; spawned without a shell. */
export interface AgentCommand {
  file: string;
  args: string[];
  env?: Record<string, string>;
}

export interface PrepareContext {
  /** Where built agents are cached (~/.cache/sockspec by default; $SOCKSPEC_CACHE_DIR overrides it). */
  cacheDir: string;
  /** Run this executable of the runtime (another version: `--runtime node@/opt/node22/bin/node`); absent: the adapter's default. */
  executable?: string;
}

/** A runtime found and ready: its version, and a factory for fresh agent commands. */
export interface Available {
  available: true;
  version: string;
  /** The executable that runs the agents (the interpreter, or the built binary), for --list-runtimes. */
  executable?: string;
  /**
   * A fresh command each call; the adapter keeps no per-agent state. `program` names one of
   * the adapter's `programs` (null or absent: the idiomatic agent).
   */
  command(program?: string | null): AgentCommand;
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
  /** Finds the runtime and builds its agent if needed; called once per run and executable. */
  prepare(ctx: PrepareContext): Promise<Prepared>;
  /**
   * Every executable of this runtime found on the machine, the default first; each one with
   * another version can run as a column of its own. Absent: the runtime has one (C's compiler).
   */
  executables?(): Promise<string[]>;
  /**
   * Other agent programs of the same runtime, each run beside the idiomatic one in every case
   * as a variant of that name (Bun's own socket API beside its node:net). `command(name)` starts one.
   */
  programs?: ProgramVariant[];
}

/** A runtime's second way of writing every agent (another API of the same runtime). */
export interface ProgramVariant {
  name: string;
  description: string;
}
