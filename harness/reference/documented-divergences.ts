// The divergences a case documents beyond what this report ran: other platforms, cross-runtime pairs, runtimes not run here.
import { describeVersionRange } from '../case/version-range.ts';
import type { Divergence } from '../case/case-types.ts';
import type { CaseInfo } from '../result/case-info.ts';
import { divergenceChanges, divergenceWho, familiesWords, whyAndSource } from './describe-divergence.ts';
import { comparePlatforms, platformName } from './platform-names.ts';
import type { PlacedResult } from './placed-result.ts';
import { columnRoles } from './runtime-columns.ts';
import { usedDivergences } from './runtime-statement.ts';

/** The divergences some result of this report was judged by. */
export const usedInRuns = (kase: CaseInfo, runs: PlacedResult[]): Set<Divergence> =>
  new Set(runs.filter((r) => r.result.status === 'divergence' || r.result.status === 'unexpected-pass')
    .flatMap((r) => usedDivergences(kase, r.result, r.os)));

const entry = (kase: CaseInfo, d: Divergence, head: string): string[] =>
  [`- ${head}`, ...[...divergenceChanges(kase, d), ...whyAndSource(d)].map((i) => `  - ${i}`)];

/**
 * Where platforms differ: every platform note, and every runtime divergence tied to a platform,
 * marked measured (a result here was judged by it), verified (its source says it was measured
 * elsewhere) or **unverified** (stated from sources only).
 */
export const platformNotes = (kase: CaseInfo, runs: PlacedResult[]): string[] => {
  const used = usedInRuns(kase, runs);
  // A run that could have shown the difference: on that OS, with the divergence's runtime in it.
  // A note scoped to other kernel releases could not show here: the runs' release is not matched (it stays marked from its sources).
  const couldShow = (d: Divergence): boolean => d.kernel === undefined && runs.some((r) => r.os === d.platform
    && (d.runtime === undefined || Object.values(columnRoles(r.result.runtime)).includes(d.runtime)));
  return kase.divergences
    .filter((d) => d.platform !== undefined)
    .map((d, i) => ({ d, i }))
    .sort((a, b) => comparePlatforms(a.d.platform!, b.d.platform!) || a.i - b.i)
    .flatMap(({ d }) => {
      const checkable = Object.keys(d.steps ?? {}).length > 0 || d.wire !== undefined;
      const mark = used.has(d) ? 'measured here'
        : couldShow(d) && checkable ? 'not seen in these runs'
          : d.verified ? 'verified' : '**unverified**';
      const who = d.runtime === undefined ? '' : `, ${divergenceWho(d)}`;
      const kernel = d.kernel === undefined ? '' : ` (kernels ${describeVersionRange(d.kernel)})`;
      return entry(kase, d, `**${platformName(d.platform!)}**${kernel}${d.runtime === undefined ? familiesWords(d) : ''}${who} (${mark})`);
    });
};

/**
 * Runtime divergences no result here was judged by: those that hold only against certain peers
 * (cross-runtime pairs, `--pair S:C`), and those of runtimes or variants these results lack.
 */
export const otherDivergences = (kase: CaseInfo, runs: PlacedResult[]): string[] => {
  const used = usedInRuns(kase, runs);
  return kase.divergences
    .filter((d) => d.platform === undefined && d.runtime !== undefined && !used.has(d))
    .flatMap((d) => entry(kase, d, `${divergenceWho(d)} (${d.verified ? 'verified' : '**unverified**'})`));
};
