// The terminal reporter contract and its registry: a new reporter is one file and one line in reporters/index.ts.
import type { CaseStart, RunObserver } from '../engine/run-observer.ts';

export type { CaseStart };

/** A reporter is the engine's run observer that writes to its stream only. */
export interface Reporter extends RunObserver {
  /** The CLI's last lines after the run (the summary, notes): each reporter writes them in its stream's syntax, so TAP stays TAP to its last byte. */
  closing?(lines: string[]): void;
}

/** What the caller decided for every reporter. */
export interface ReporterOptions {
  /** The caller decides (TTY, NO_COLOR, --color); reporters only obey. */
  color: boolean;
  /** The stream is a terminal: a reporter may redraw a status line in place. */
  live?: boolean;
}

/** A reporter is made per run, writing to the stream it is given. */
export type ReporterFactory = (out: NodeJS.WritableStream, opts: ReporterOptions) => Reporter;

const registry = new Map<string, ReporterFactory>();

/** Registers a reporter under a name for --reporter; a second registration of a name is a harness bug. */
export const addReporter = (name: string, factory: ReporterFactory): void => {
  if (registry.has(name)) throw new Error(`Expected reporter \`${name}\` to be registered once, got a second registration`);
  registry.set(name, factory);
};

/** The factory registered under `name`, if any. */
export const getReporter = (name: string): ReporterFactory | undefined => registry.get(name);

/** Registered names, in registration order, for --help and option errors. */
export const reporterNames = (): string[] => [...registry.keys()];
