// Case filters from the command line: exact ids, folder prefixes, globs, and --grep.
import type { LoadedCase } from '../case/case-types.ts';

/** `*` matches within one path segment, `**` across segments; a bare group name ("close") selects the folder. */
export const filterToRegExp = (filter: string): RegExp => {
  const body = filter.replace(/\/+$/, '').split(/(\*\*|\*)/).map((part) =>
    part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('');
  return new RegExp(`^${body}(/.*)?$`);
};

/** The cases any filter selects (all when there are none), further narrowed by grep on id and description. */
export const selectCases = (cases: LoadedCase[], filters: string[], grep: RegExp | null): LoadedCase[] => {
  const patterns = filters.map(filterToRegExp);
  return cases.filter((c) =>
    (patterns.length === 0 || patterns.some((p) => p.test(c.id)))
    && (grep === null || grep.test(c.id) || grep.test(c.description)));
};
