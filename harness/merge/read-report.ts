// Reads one results file for merging; a file that is missing, not JSON or not a RunReport is data naming the file and what was wanted.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport } from '../result/case-result.ts';
import { reportProblems } from './check-report.ts';

/** The report and the file it came from, or why that file cannot be merged. */
export type ReadOutcome = { ok: true; file: string; report: RunReport } | { ok: false; file: string; message: string };

// Enough to see what is wrong without flooding a CI log when a whole file is of another kind.
const SHOWN_PROBLEMS = 3;

const describe = (error: unknown): string => {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'a directory';
  return e.message ?? String(error);
};

/** `arg` is a results.json, or a report folder holding one (an artifact folder as downloaded). */
export const readReport = async (arg: string): Promise<ReadOutcome> => {
  const isDir = await stat(arg).then((s) => s.isDirectory(), () => false);
  const file = isDir ? path.join(arg, 'results.json') : arg;
  const wanted = 'a sockspec results file (the results.json a run writes)';
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, file, message: `${file}: Expected ${wanted}, got ${describe(error)}` };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, file, message: `${file}: Expected ${wanted}, got text that is not JSON (${(error as Error).message})` };
  }
  const problems = reportProblems(value);
  if (problems.length > 0) {
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
    return { ok: false, file, message: `${file}: Expected ${wanted}, got JSON that is not one: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}` };
  }
  return { ok: true, file, report: value as RunReport };
};
