// The terminal reporter contract and its registry: a new reporter is one file and one line in reporters/index.ts.
import type { CaseResult, Platform, RunReport } from '../result/case-result.ts';
import type { SegmentFormatter } from './tap-writer.ts';

/** Told about a run as it happens; writes to its stream only. */
export interface Reporter {
  start(info: { total: number; platform: Platform }): void;
  /** A case run began (optional: a reporter that only shows results need not care). */
  caseStarted?(job: CaseStart): void;
  /** `index` is the result's 0-based position in the run, in the order results finish. */
  result(r: CaseResult, index: number): void;
  end(report: RunReport): void;
}

/** A case run as it begins: the fields its CaseResult will carry. */
export interface CaseStart {
  id: string;
  /** The runtime column ("node", "c:node", "node@22.23.3"). */
  runtime: string;
  variant: string | null;
}

/** What the caller decided for every reporter. */
export interface ReporterOptions {
  /** The caller decides (TTY, NO_COLOR, --color); reporters only obey. */
  color: boolean;
  /** The stream is a terminal: a reporter may redraw a status line in place. */
  live?: boolean;
  /** The capture module's segment formatter, so streamed TAP equals results.tap. */
  formatSegment?: SegmentFormatter;
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
