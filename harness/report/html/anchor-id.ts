// Element ids (and so #links) for cases and runs: readable, valid, and distinct for distinct names.

/**
 * `close/unread-data-sends-rst` → `close.unread-data-sends-rst`; letters, digits and `-` stay, `/` becomes
 * `.`, anything else `_` + its hex code: one name, one id, and two names never share one.
 */
export const anchorId = (...parts: string[]): string =>
  parts
    .map((part) => Array.from(part, (c) => (/[A-Za-z0-9-]/.test(c) ? c : c === '/' ? '.' : `_${(c.codePointAt(0) ?? 0).toString(16)}_`)).join(''))
    .join('__');

/** The id of a case's section. */
export const caseAnchor = (caseId: string): string => `case-${anchorId(caseId)}`;

/** The id of one run (a matrix cell's target) inside its case's section. */
export const runAnchor = (caseId: string, columnKey: string): string => `run-${anchorId(caseId)}__${anchorId(columnKey)}`;
