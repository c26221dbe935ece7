// `merge --expect`: the cells a merge must hold (a CI matrix's artifacts), checked against the inputs it was given.
import path from 'node:path';
import { closeMatches, didYouMean } from '../case/close-matches.ts';

/** A problem of the expected list, shaped as a merged report's load error (a not-ok "load" point). */
export interface CellProblem {
  file: string;
  message: string;
}

/** The expected cells and, for the inputs that were read, what each is called. */
export interface CellCheck {
  expected: string[];
  /** The results file each input stood for (a folder's results.json), and whether it was read. */
  inputs: { file: string; readable: boolean }[];
}

/** What each cell came to: every expected cell with nothing among the inputs, every readable input no cell expects. */
export interface CellOutcome {
  missing: CellProblem[];
  unexpected: CellProblem[];
}

/** `a,b c`: names split on commas and white space, so a list from a file or a job output reads the same. */
export const parseExpected = (values: string[]): string[] =>
  [...new Set(values.flatMap((v) => v.split(/[\s,]+/)).filter((n) => n !== ''))];

/**
 * A cell's name is the folder its results file is in (`artifacts/sockspec-ubuntu-latest-c`, as
 * actions/download-artifact names the folder of each artifact); a file not called results.json is
 * named by itself, without `.json`.
 */
export const cellName = (file: string): string => {
  const abs = path.resolve(file);
  return path.basename(abs) === 'results.json' ? path.basename(path.dirname(abs)) : path.basename(abs, '.json');
};

/** Compares the expected cells with the inputs; unreadable inputs are already load errors, so they are never counted twice. */
export const checkCells = ({ expected, inputs }: CellCheck): CellOutcome => {
  const named = inputs.map((i) => ({ ...i, name: cellName(i.file) }));
  const present = new Set(named.map((i) => i.name));
  const wanted = new Set(expected);
  const list = expected.join(', ');
  const missing = expected.filter((name) => !present.has(name)).map((name) => ({
    file: name,
    message: `${name}: Expected this cell's reports (a report folder or results.json named ${name} among the inputs), got no input of that name ` +
      `(in CI: the cell uploaded nothing; its job failed before its upload, was cancelled, or the upload failed)` +
      didYouMean(closeMatches(name, [...present].filter((p) => !wanted.has(p)))),
  }));
  const unexpected = named.filter((i) => i.readable && !wanted.has(i.name)).map((i) => ({
    file: i.file,
    message: `${i.file}: merged, but its cell ${i.name} is not one --expect lists (${list}): the expected cells and the inputs disagree` +
      didYouMean(closeMatches(i.name, expected.filter((e) => !present.has(e)))),
  }));
  return { missing, unexpected };
};
