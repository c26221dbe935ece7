// A failed or troubled result in full, for the terminal: the TAP diagnostic's YAML, so it reads as results.tap does.
import type { CaseResult } from '../../result/case-result.ts';
import { tapDiagnostic } from '../tap-writer.ts';
import { toYaml } from '../yaml.ts';
import { MARKS } from './case-summary.ts';
import { oneLine, type Paint } from './paint.ts';

/** The statuses that fail a run: each is shown in full after the summary. */
export const UNEXPECTED = new Set(['fail', 'unexpected-pass', 'error', 'crash', 'timeout']);

/** Keys whose lines the eye looks for first: where, what was wanted, what was found. */
const HIGHLIGHT: [RegExp, string][] = [[/^(\s*)(at:)/, '1'], [/^(\s*)(wanted:)/, '32'], [/^(\s*)(found:)/, '31']];

/**
 * `✗fail close/unread-data-sends-rst [node]` and, indented under it, the diagnostic (status, at,
 * wanted, found, steps, segments, agents...) as in the TAP; a lone failure is not listed twice.
 * The YAML writer escapes control characters, so case data cannot move the cursor.
 */
export const failureDetails = (r: CaseResult, opts: { paint: Paint }): string => {
  const diag = tapDiagnostic(r);
  if (r.failures.length <= 1) delete diag.failures;
  const body = toYaml(diag, '    ')
    .split('\n')
    .map((line) => HIGHLIGHT.reduce((l, [re, code]) => l.replace(re, (_, sp: string, key: string) => `${sp}${opts.paint(code, key)}`), line))
    .join('\n');
  const { mark, code } = MARKS[r.status];
  return `${opts.paint(`1;${code}`, mark)} ${opts.paint('1', oneLine(r.name))}\n${body}`;
};
