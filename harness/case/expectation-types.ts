// The runtime layer as data: runtimes/<name>/expectations.ts, per case, what that runtime does differently from the kernel. Described once, as checks whose types are inferred.
import { divergenceChanges, divergenceCore, families, platform, roleOptions } from './format-pieces.ts';
import { listOf, oneOf, shape, str, type Infer } from './shape-checks.ts';
import { versionRange } from './version-range.ts';

/** This runtime's other way of writing one case's program (Node's pauseOnConnect), run beside the idiomatic one. */
export const caseVariant = shape({
  name: str,
  description: str,
  /** Merged into the role's listen/connect requests (PROTOCOL.md options). */
  options: roleOptions,
});
export type CaseVariant = Infer<typeof caseVariant>;

/**
 * What this runtime does instead of the kernel-layer expectation in one case, measured (or,
 * `verified: false`, stated from a source), with the reason and where it comes from.
 */
export const runtimeDivergence = shape({
  /**
   * Which role must run this runtime for the divergence to hold, so cross-runtime pairs get the
   * right expectation: 'server' or 'client', or 'both' when it takes this runtime on both sides.
   */
  role: oneOf('server', 'client', 'both'),
  ...divergenceCore,
}, {
  /**
   * Only when the other role runs one of these runtimes (cross-runtime pairs): for a behaviour
   * that shows only against a certain peer, e.g. a client's reaction to a RST that a peer which
   * does not read eagerly sends. "python" is that runtime's idiomatic program, "python/asyncio"
   * one of its programs or variants (they answer differently). Absent: whatever runs the other role.
   */
  peer: listOf(str, true),
  /** Applies to this variant only; default: the idiomatic run (no variant). '*' for all. */
  variant: str,
  /**
   * Only when this runtime's version is in the range (`{ below: '24' }`, `{ from: '22', below: '24' }`):
   * a behaviour that came or went with a release. Absent: every version.
   */
  versions: versionRange,
  /** Only on runs over these address families (`['ipv6']`): a runtime that handles one family its own way. Absent: both. */
  families,
  /** Only on runs over these nets (`['mptcp']`, --net): this runtime's own behaviour on a net. Absent: every net. */
  nets: listOf(str, true),
  platform,
  ...divergenceChanges,
});
export type RuntimeDivergence = Infer<typeof runtimeDivergence>;

/** One case, as this runtime runs it. */
export const caseExpectations = shape({}, { variants: listOf(caseVariant), divergences: listOf(runtimeDivergence) });
export type CaseExpectations = Infer<typeof caseExpectations>;

/** Case id (suites/<group>/<name>) → that case's expectations for this runtime. */
export type ExpectationTable = Record<string, CaseExpectations>;

/** A loaded expectations file: the runtime it belongs to (its folder) and its table. */
export interface RuntimeExpectations {
  runtime: string;
  file: string;
  cases: ExpectationTable;
}
