// The command line's case sources and filters, checked: a folder that is not there, a filter that is a typo.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedCase } from '../case/case-types.ts';
import { closeMatches, didYouMean } from '../case/close-matches.ts';
import { isFileFilter } from '../engine/select-cases.ts';
import { projectRoot } from '../toolchain/project-root.ts';
import type { CliOptions } from './parse-args.ts';
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

/** A path that is not there, with what is beside it that it may have meant. */
const missingPath = async (p: string): Promise<string> => {
  const beside = await readdir(path.dirname(path.resolve(p))).catch(() => []);
  return `Expected \`${p}\` to be a case folder or file: no such file or folder${didYouMean(closeMatches(path.basename(p), beside).map((n) => path.join(path.dirname(p), n)))}`;
};

/** Where the run's cases come from, and the positionals left as filters. */
export interface CaseSources {
  /** Folders and files named on the command line (absolute). */
  sources: string[];
  filters: string[];
  /** The catalogue: the --suites folders, or sockspec's own suites/. */
  catalogueDirs: string[];
  /** Whether the whole catalogue runs: with no sources given, or with --catalogue. */
  withCatalogue: boolean;
  /** The built-in catalogue in full: a runtime's expectations entry naming no case of it is stale. */
  wholeCatalogue: boolean;
}

/**
 * A positional that is an existing folder or file is a case source (`./cases`, `./cases/x.ts`);
 * any other is a filter (an id, a group, a glob). A case file run alone has no sources.
 */
export const caseSources = async (o: CliOptions, standalone = false): Promise<CaseSources> => {
  const sources: string[] = [];
  const filters: string[] = [];
  for (const p of standalone ? [] : o.filters) {
    const s = await stat(p).catch(() => null);
    if (s?.isDirectory() === true || s?.isFile() === true) sources.push(path.resolve(p));
    else if (isFileFilter(p) || /^(\.{0,2}[\\/]|~)/.test(p)) throw new UsageError(await missingPath(p));
    else filters.push(p);
  }
  const catalogueDirs = o.suitesDirs.length > 0 ? await suiteFolders(o.suitesDirs) : [path.join(projectRoot, 'suites')];
  const withCatalogue = !standalone && (sources.length === 0 || o.catalogue);
  return { sources, filters, catalogueDirs, withCatalogue, wholeCatalogue: withCatalogue && o.suitesDirs.length === 0 };
};
