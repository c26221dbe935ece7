// The command line's case sources and filters, checked: a folder that is not there, a filter that is a typo.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedCase } from '../case/case-types.ts';
import { closeMatches } from '../case/close-matches.ts';
import { UsageError } from './exit-codes.ts';

/** The `--suites` folders, resolved; one that is missing or not a folder is a usage error naming it. */
export const suiteFolders = async (given: string[]): Promise<string[]> =>
  Promise.all(given.map(async (d) => {
    const s = await stat(d).catch(() => null);
    if (s?.isDirectory() !== true) {
      throw new UsageError(`Expected \`--suites\` to be a folder of case files, got \`${d}\`: ${s === null ? 'no such file or folder' : 'not a folder'}`);
    }
    return path.resolve(d);
  }));

/** Groups and ids close to filters that matched nothing; a case also answers to its name without its group. */
export const caseMatches = (filters: string[], cases: LoadedCase[]): string[] => {
  const names = [...new Set([...cases.map((c) => c.id.split('/')[0]!), ...cases.map((c) => c.id)])];
  const aliases = (name: string): string[] => (name.includes('/') ? [name.slice(name.lastIndexOf('/') + 1)] : []);
  return [...new Set(filters.flatMap((f) => closeMatches(f.replace(/\/+$/, ''), names, aliases)))].slice(0, 3);
};
