// Several results files as one report for the reference (the default run's kernel net beside the nets run), refused where they conflict.
import type { RunReport } from '../result/case-result.ts';
import { reportProblems } from '../merge/check-report.ts';
import { cellKey } from '../merge/platform-labels.ts';
import { mergeReports } from '../merge/merge-reports.ts';
import { placeResults } from './placed-result.ts';
import { ResultsFileError } from './read-results.ts';

/** A results file and what it holds, as readResults read it. */
export interface ResultsInput {
  file: string;
  report: RunReport;
}

// Enough to recognise the overlap without flooding the terminal with a whole run's names.
const SHOWN_POINTS = 3;

/** "linux: connect/refused-closed-port [c, ipv4, mptcp]": a run point as the run's own output names it, after its platform. */
const pointName = (key: string, platform: string): string => {
  const [id, runtime, variant, family, net] = key.split('\0');
  return `${platform}: ${id} [${[runtime, variant, family, net].filter((x) => x !== undefined && x !== '').join(', ')}]`;
};

/** Each run point (its run's platform label and cell) of a file, once even under --repeat. */
const pointsOf = (report: RunReport): Map<string, string> =>
  new Map(placeResults(report).map((p) => [`${p.platform}\0${cellKey(p.result)}`, pointName(cellKey(p.result), p.platform)]));

/** One sockspec version wrote every file: one reference states one catalogue's cases. */
const checkVersions = (inputs: ResultsInput[]): void => {
  const first = inputs[0]!;
  const other = inputs.find((i) => i.report.sockspec !== first.report.sockspec);
  if (other !== undefined) {
    throw new ResultsFileError(`${first.file} was written by sockspec ${first.report.sockspec} and ${other.file} by sockspec ${other.report.sockspec}: `
      + 'one reference is made of runs of one sockspec version; run both again with this one');
  }
};

/** No run point is in two files: the reference states each once, and which of two outcomes is meant is not ours to guess. */
const checkOverlap = (inputs: ResultsInput[]): void => {
  const seen = new Map<string, string>();
  inputs.forEach(({ file, report }) => {
    const points = pointsOf(report);
    const both = [...points.keys()].filter((k) => seen.has(k));
    if (both.length > 0) {
      const earlier = seen.get(both[0]!)!;
      const shown = both.slice(0, SHOWN_POINTS).map((k) => points.get(k)!).join('; ');
      throw new ResultsFileError(`${earlier} and ${file} both hold ${both.length} run point(s) (${shown}${both.length > SHOWN_POINTS ? '; ...' : ''}): `
        + 'give each run point once, e.g. the nets run without the kernel net (--net mptcp,... rather than --net kernel,mptcp,...)');
    }
    for (const k of points.keys()) seen.set(k, file);
  });
};

/** Every file declares each case as the others do: a case's statements come from one declaration, and runs of two trees would mix them. */
const checkDeclarations = (inputs: ResultsInput[]): void => {
  const first = new Map<string, { file: string; text: string }>();
  for (const { file, report } of inputs) {
    const differ = report.cases.filter((c) => {
      const seen = first.get(c.id);
      return seen !== undefined && seen.text !== JSON.stringify(c);
    });
    if (differ.length > 0) {
      throw new ResultsFileError(`${first.get(differ[0]!.id)!.file} and ${file} declare ${differ.length} case(s) differently (${differ.slice(0, SHOWN_POINTS).map((c) => c.id).join(', ')}`
        + `${differ.length > SHOWN_POINTS ? ', ...' : ''}): the runs are of different versions of the cases; run both again from this tree`);
    }
    for (const c of report.cases) if (!first.has(c.id)) first.set(c.id, { file, text: JSON.stringify(c) });
  }
};

/** The one report the reference is made of: a single file as it is; several merged as `sockspec merge` does, once they are checked. */
export const combineResults = (inputs: ResultsInput[]): RunReport => {
  if (inputs.length === 1) return inputs[0]!.report;
  for (const { file, report } of inputs) {
    // Merging reads more of a file than the reference does (start times, runtimes): it must be a whole results file.
    const problems = reportProblems(report);
    if (problems.length > 0) throw new ResultsFileError(`${file} cannot be combined with the other results: ${problems.slice(0, SHOWN_POINTS).join('; ')}`);
  }
  checkVersions(inputs);
  checkOverlap(inputs);
  checkDeclarations(inputs);
  return mergeReports(inputs.map((i) => ({ file: i.file, report: i.report })), [], inputs[0]!.report.sockspec).report;
};
