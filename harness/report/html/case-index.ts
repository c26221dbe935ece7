// The cases of a report, each with its declaration (when recorded) and its results by column.
import type { CaseResult, RunReport } from '../../result/case-result.ts';
import type { CaseInfo } from '../../result/case-info.ts';
import { columnKeyOf } from './result-columns.ts';

/** One row of the matrix and one section of the page. */
export interface CaseEntry {
  id: string;
  /** Absent when the report has no `cases` record for it (an older or hand-made results file). */
  info?: CaseInfo;
  /** Column key → the result there (the first one, should a merge ever hold two). */
  results: Map<string, CaseResult>;
}

/** Every case that has a result or a declaration, sorted by id (so groups stay together). */
export const caseIndex = (report: RunReport): CaseEntry[] => {
  const entries = new Map<string, CaseEntry>();
  const entry = (id: string): CaseEntry => {
    let e = entries.get(id);
    if (e === undefined) entries.set(id, (e = { id, results: new Map() }));
    return e;
  };
  for (const info of report.cases ?? []) entry(info.id).info ??= info;
  for (const r of report.results) {
    const results = entry(r.id).results;
    const key = columnKeyOf(r, report);
    if (!results.has(key)) results.set(key, r);
  }
  return [...entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
};

/** "close" for "close/unread-data-sends-rst": the group a case is listed under. */
export const groupOf = (id: string): string => (id.includes('/') ? id.slice(0, id.indexOf('/')) : '');
