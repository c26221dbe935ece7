// Names each merged run by its OS, and tells runs of one OS apart only when they ran the same case × runtime.
import { familyOf } from '../case/family.ts';

/** What labelling needs to know of a run: its OS, kernel release, and the cells (case × runtime × variant) it ran. */
export interface LabelInput {
  os: string;
  release: string;
  cells: ReadonlySet<string>;
}

const overlap = (runs: LabelInput[]): boolean =>
  runs.some((a, i) => runs.slice(i + 1).some((b) => [...a.cells].some((cell) => b.cells.has(cell))));

/**
 * One label per run, in order: the OS ("linux") when no other run of that OS ran a cell it ran
 * (one run per runtime still makes one matrix); else "linux 6.8.0-1017-azure" for every run of
 * that OS; and "linux 6.8.0 #2" where even the release is shared. Labels are unique per cell.
 */
export const platformLabels = (runs: LabelInput[]): string[] => {
  const labels = runs.map((r) => r.os);
  for (const os of new Set(labels)) {
    const same = runs.flatMap((r, i) => (r.os === os ? [i] : []));
    if (!overlap(same.map((i) => runs[i]!))) continue;
    for (const i of same) labels[i] = `${os} ${runs[i]!.release}`;
    for (const release of new Set(same.map((i) => runs[i]!.release))) {
      const twins = same.filter((i) => runs[i]!.release === release);
      if (overlap(twins.map((i) => runs[i]!))) twins.forEach((i, k) => { labels[i] = `${os} ${release} #${k + 1}`; });
    }
  }
  return labels;
};

/** The cell a result fills: case, runtime column, variant and family (an ipv4 run and an ipv6 run of one OS fill different cells). */
export const cellKey = (r: { id: string; runtime: string; variant?: string | null; family?: string; net?: string }): string => `${r.id}\0${r.runtime}\0${r.variant ?? ''}\0${familyOf(r)}${r.net === undefined || r.net === 'kernel' ? '' : `\0${r.net}`}`;
