// Results with the run they came from: one run for a results file, every run merged in for a merged one.
import type { CaseResult, Platform, RunReport } from '../result/case-result.ts';
import { platformOf } from '../result/result-platform.ts';
import { osOfLabel } from './platform-names.ts';
import { familyOf, type Family } from '../case/family.ts';

/** A result, the label of the run it came from, and that run's OS (what platform divergences name). */
export interface PlacedResult {
  result: CaseResult;
  /** "linux"; in a merged report the run's label, which may add the kernel release ("linux 6.8.0-1017-azure"). */
  platform: string;
  os: string;
  /** The family it ran over (a result from before families: ipv4). */
  family: Family;
}

/** One run behind the results: where it ran, with which runtimes, filling which columns (null: all of them). */
export interface RunPlace {
  label: string;
  facts: Platform;
  sockspec: string;
  runtimes: RunReport['runtimes'];
  columns: string[] | null;
}

/** The runs behind a report: a merged report lists them in `platforms`; a single run is its own. */
export const runPlaces = (report: RunReport): RunPlace[] =>
  report.platforms?.map((o) => ({ label: o.label, facts: o, sockspec: o.sockspec, runtimes: o.runtimes, columns: o.columns }))
  ?? [{ label: report.platform.os, facts: report.platform, sockspec: report.sockspec, runtimes: report.runtimes, columns: null }];

/** Every result with its run: its own `platform` label (merged reports), else the report's OS. */
export const placeResults = (report: RunReport): PlacedResult[] => {
  const osOf = new Map(runPlaces(report).map((p) => [p.label, p.facts.os]));
  return report.results.map((result) => {
    const platform = platformOf(result, report);
    return { result, platform, os: osOf.get(platform) ?? osOfLabel(platform), family: familyOf(result) };
  });
};
