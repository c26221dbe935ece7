// Turns one results file into the runs it holds: a run's file is one run; a merged file is every run it merged.
import path from 'node:path';
import type { CaseResult, RunOrigin, RunReport } from '../result/case-result.ts';

type LoadError = RunReport['loadErrors'][number];

/** One run to merge: its facts (labelled later, once every run is known), its results and load errors. */
export interface Origin {
  facts: Omit<RunOrigin, 'label'>;
  results: CaseResult[];
  /** The folder its results' pcap paths are relative to. */
  dir: string;
  /** Load errors of a single run, to be tagged with its label. */
  loadErrors: LoadError[];
  /** Load errors of an already merged file, kept as they are (their labels already set). */
  carried: LoadError[];
}

const withoutPlatform = ({ platform: _label, ...r }: CaseResult): CaseResult => r;

/** The runs in `report`, read from `file`. */
export const splitOrigins = (file: string, report: RunReport): Origin[] => {
  const dir = path.dirname(file);
  const merged = report.platforms;
  if (merged === undefined) {
    const facts = {
      ...report.platform, source: file, sockspec: report.sockspec, startedAt: report.startedAt, runtimes: report.runtimes,
      columns: [...new Set(report.results.map((r) => r.runtime))], summary: report.summary,
    };
    return [{ facts, results: report.results.map(withoutPlatform), dir, loadErrors: report.loadErrors ?? [], carried: [] }];
  }
  // A result belongs to the run with its label that ran its column (runs of one label never share a cell).
  const owner = (r: CaseResult): number => {
    const exact = merged.findIndex((o) => o.label === r.platform && o.columns.includes(r.runtime));
    return exact >= 0 ? exact : merged.findIndex((o) => o.label === r.platform);
  };
  const owners = report.results.map(owner);
  return merged.map(({ label: _label, ...facts }, i) => ({
    facts, dir, loadErrors: [], carried: i === 0 ? report.loadErrors ?? [] : [],
    results: report.results.filter((_, j) => owners[j] === i).map(withoutPlatform),
  }));
};
