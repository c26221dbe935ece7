// Case filters from the command line: exact ids, folder prefixes, globs, case file paths, and --grep.
import path from 'node:path';
import type { LoadedCase } from '../case/case-types.ts';

/** `*` matches within one path segment, `**` across segments; a bare group name ("close") selects the folder. */
export const filterToRegExp = (filter: string): RegExp => {
  const body = filter.replace(/\/+$/, '').split(/(\*\*|\*)/).map((part) =>
    part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('');
  return new RegExp(`^${body}(/.*)?$`);
};

/** A filter ending in a source extension names a case file (`suites/close/unread-data-sends-rst.ts`), as a shell completes it. */
export const isFileFilter = (filter: string): boolean => /\.[cm]?[jt]s$/.test(filter);

/** Whether one filter selects the case: by its file's path, or by id, group or glob. */
const selects = (filter: string, c: LoadedCase, cwd: string): boolean =>
  isFileFilter(filter) ? path.resolve(cwd, filter) === path.resolve(cwd, c.file) : filterToRegExp(filter).test(c.id);

/** The cases any filter selects (all when there are none), further narrowed by grep on id and description. */
export const selectCases = (cases: LoadedCase[], filters: string[], grep: RegExp | null, cwd = process.cwd()): LoadedCase[] =>
  cases.filter((c) =>
    (filters.length === 0 || filters.some((f) => selects(f, c, cwd)))
    && (grep === null || grep.test(c.id) || grep.test(c.description)));
