// --repeat: a case whose outcome changed between runs of the same job is a failure of its own (a flake to fix at its cause).
import type { CaseResult, Status } from '../result/case-result.ts';
import { pointName } from '../result/point-name.ts';
import { familyOf } from '../case/family.ts';

/** "1-6, 8, 10-12": run numbers, ranges folded. */
const runList = (runs: number[]): string => {
  const parts: string[] = [];
  for (let i = 0; i < runs.length; i++) {
    let j = i;
    while (j + 1 < runs.length && runs[j + 1] === runs[j]! + 1) j++;
    parts.push(j === i ? `${runs[i]}` : `${runs[i]}-${runs[j]}`);
    i = j;
  }
  return parts.join(', ');
};

/**
 * One `fail` result per job (case × column × variant × family) whose repeated runs did not all end the
 * same; its reason counts each outcome and its failure names the runs, so the flake is found
 * without a re-run. Results without `repeat` are ignored.
 */
export const outcomeChanges = (results: CaseResult[], runs: number): CaseResult[] => {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    if (r.repeat === undefined) continue;
    const key = JSON.stringify([r.id, r.runtime, r.variant, familyOf(r), r.net ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const changed: CaseResult[] = [];
  for (const group of groups.values()) {
    const byStatus = new Map<Status, number[]>();
    for (const r of [...group].sort((a, b) => a.repeat! - b.repeat!)) byStatus.set(r.status, [...(byStatus.get(r.status) ?? []), r.repeat!]);
    if (byStatus.size < 2) continue;
    const first = group[0]!;
    const counts = [...byStatus].map(([s, rs]) => `${s} ×${rs.length}`).join(', ');
    const where = [...byStatus].map(([s, rs]) => `${s} in run${rs.length > 1 ? 's' : ''} ${runList(rs)}`).join('; ');
    const odd = group.filter((r) => r.status !== [...byStatus].sort((a, b) => b[1].length - a[1].length)[0]![0]);
    changed.push({
      id: first.id, runtime: first.runtime, variant: first.variant, family: familyOf(first), ...(first.net === undefined ? {} : { net: first.net }), ...(first.platform ? { platform: first.platform } : {}),
      name: `${pointName(first.id, first.runtime, first.variant, familyOf(first), first.net)} (outcome changed over ${runs} runs)`,
      status: 'fail', expected: false,
      reason: `the outcome changed between runs of the same case: ${counts}`,
      durationMs: 0, runtimeVersion: first.runtimeVersion, steps: [], agents: [], evidence: {},
      failures: [
        { at: 'repeat', wanted: `the same outcome in all ${group.length} runs`, found: where },
        // The first odd run's own failures, so the flake explains itself here too.
        ...(odd[0]?.failures ?? []).map((f) => ({ ...f, at: `run ${odd[0]!.repeat}: ${f.at}` })),
      ],
      capture: { status: 'skipped', reason: 'a summary of repeated runs; each run has its own capture', segments: [] },
      wire: { status: 'none' },
    });
  }
  return changed;
};
