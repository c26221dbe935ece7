// The runtime layer as data: runtimes/<name>/expectations.ts, per case, what that runtime does differently from the kernel.
import type { Divergence, RoleOptions } from './case-types.ts';

/**
 * What this runtime does instead of the kernel-layer expectation in one case, measured (or,
 * `verified: false`, stated from a source), with the reason and where it comes from: a
 * Divergence (case-types.ts) whose runtime is the file's, and whose role must be said.
 */
export interface RuntimeDivergence extends Omit<Divergence, 'runtime' | 'role' | 'peer'> {
  /**
   * Which role must run this runtime for the divergence to hold, so cross-runtime pairs get the
   * right expectation: 'server' or 'client', or 'both' when it takes this runtime on both sides.
   */
  role: 'server' | 'client' | 'both';
  /**
   * Only when the other role runs one of these runtimes (cross-runtime pairs): for a behaviour
   * that shows only against a certain peer, e.g. a client's reaction to a RST that a peer which
   * does not read eagerly sends. Absent: whatever runs the other role.
   */
  peer?: string[];
}

/** This runtime's other way of writing one case's program (Node's pauseOnConnect), run beside the idiomatic one. */
export interface CaseVariant {
  name: string;
  description: string;
  /** Merged into the role's listen/connect requests (PROTOCOL.md options). */
  options: RoleOptions;
}

/** One case, as this runtime runs it. */
export interface CaseExpectations {
  variants?: CaseVariant[];
  divergences?: RuntimeDivergence[];
}

/** Case id (suites/<group>/<name>) → that case's expectations for this runtime. */
export type ExpectationTable = Record<string, CaseExpectations>;

/** A loaded expectations file: the runtime it belongs to (its folder) and its table. */
export interface RuntimeExpectations {
  runtime: string;
  file: string;
  cases: ExpectationTable;
}
