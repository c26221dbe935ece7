// Turns observations into the case's outcome: pass, documented divergence, unexpected pass, or fail.
import type { Divergence } from '../case/case-types.ts';
import type { Failure, Status } from '../result/case-result.ts';

/** A checked assertion: what the run wanted (after divergences), and whether the kernel-layer expectation held instead. */
export interface Checked {
  failure: Failure | null;
  /** The divergence that set `wanted`, if any. */
  divergence: Divergence | null;
  /** Observed matches the kernel-layer expectation (meaningful when a divergence set `wanted`). */
  matchesKernel: boolean;
}

/** The case status and the reason to show with it. */
export const verdict = (checks: Checked[], applied: Divergence[]): { status: Status; reason?: string; source?: string } => {
  const failures = checks.filter((c) => c.failure !== null);
  if (failures.length > 0) {
    // Every mismatch is the kernel-layer behaviour where a divergence was documented: the divergence stopped happening.
    if (failures.every((c) => c.divergence !== null && c.matchesKernel)) {
      const d = failures[0]!.divergence!;
      return { status: 'unexpected-pass', reason: `documented divergence did not happen (the kernel-layer behaviour was observed): ${d.reason}`, source: d.source };
    }
    return { status: 'fail' };
  }
  const used = applied.filter((d) => checks.some((c) => c.divergence === d));
  if (used.length === 0) return { status: 'pass' };
  return {
    status: 'divergence',
    reason: used.map((d) => `${d.verified ? '' : '(unverified) '}${d.reason}`).join(' / '),
    source: [...new Set(used.map((d) => d.source))].join(' ; '),
  };
};
