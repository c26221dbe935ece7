// Reads a results file for the reference, and says plainly what is wrong with one that will not do.
import { readFile } from 'node:fs/promises';
import type { RunReport } from '../result/case-result.ts';

/** A results file that cannot be used: missing, not JSON, or not sockspec's. The message names the path. */
export class ResultsFileError extends Error {}

const RUN_FIRST = 'run `npx sockspec` first (it writes reports/results.json), or name a results file with --results FILE';

/** The report in `file`, checked for the fields the reference reads. */
export const readResults = async (file: string): Promise<RunReport> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ResultsFileError(`no results file at ${file}: ${RUN_FIRST}`);
    throw new ResultsFileError(`cannot read the results file ${file}: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ResultsFileError(`${file} is not JSON (${(error as Error).message}): ${RUN_FIRST}`);
  }
  const report = data as Partial<RunReport> | null;
  const missing = ['platform', 'runtimes', 'results', 'cases', 'loadErrors']
    .filter((key) => typeof report !== 'object' || report === null || !(key in report));
  if (missing.length > 0) {
    throw new ResultsFileError(`${file} is not a sockspec results file with case declarations (no ${missing.map((k) => `\`${k}\``).join(', ')}): ${RUN_FIRST}`);
  }
  return report as RunReport;
};
