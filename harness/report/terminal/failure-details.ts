// A failed or troubled result in full, for the terminal: the TAP diagnostic's YAML, so it reads as results.tap does.
import type { CaseResult, Failure } from '../../result/case-result.ts';
import { tapDiagnostic } from '../tap-writer.ts';
import { toYaml } from '../yaml.ts';
import { MARKS } from './case-summary.ts';
import { oneLine, type Paint } from './paint.ts';

/** The statuses that fail a run: each is shown in full after the summary. */
export const UNEXPECTED = new Set(['fail', 'unexpected-pass', 'error', 'crash', 'timeout']);

/** Keys whose lines the eye looks for first: where, what was wanted, what was found. */
const HIGHLIGHT: [RegExp, string][] = [[/^(\s*)(at:)/, '1'], [/^(\s*)(wanted:)/, '32'], [/^(\s*)(found:)/, '31']];

/** A segment as a wire failure's `found` lists it: `client [SYN] seq 0 ack 0 len 0` (verdict/check-wire.ts, brief). */
const SEGMENT = /\S+ \[[^\]]*\] seq \d+ ack \d+ len \d+/;

/**
 * A wire failure's `found` joins every segment with `; ` on one line (600 characters for a short
 * connection): here each segment gets a line of its own, and the words before the first one too.
 */
export const segmentsPerLine = (f: Failure): Failure => {
  if (f.at !== 'wire') return f;
  const lines = f.found.split('; ').flatMap((part) => {
    const at = part.search(SEGMENT);
    return at > 0 ? [part.slice(0, at).trimEnd(), part.slice(at)] : [part];
  });
  // Ended by a line break, so the YAML writer makes it a literal block (yaml.ts, blockSafe).
  return { ...f, found: lines.length > 1 ? `${lines.join('\n')}\n` : f.found };
};

/**
 * `✗fail close/unread-data-sends-rst [node]` and, indented under it, the diagnostic (status, at,
 * wanted, found, steps, segments, agents...) as in the TAP, but a wire failure's segments one per
 * line; a lone failure is not listed twice.
 * The YAML writer escapes control characters, so case data cannot move the cursor.
 */
export const failureDetails = (r: CaseResult, opts: { paint: Paint }): string => {
  const failures = r.failures.map(segmentsPerLine);
  const diag = { ...tapDiagnostic(r), found: failures[0]?.found, failures: failures.length > 1 ? failures : undefined };
  const body = toYaml(diag, '    ')
    .split('\n')
    .map((line) => HIGHLIGHT.reduce((l, [re, code]) => l.replace(re, (_, sp: string, key: string) => `${sp}${opts.paint(code, key)}`), line))
    .join('\n');
  const { mark, code } = MARKS[r.status];
  return `${opts.paint(`1;${code}`, mark)} ${opts.paint('1', oneLine(r.name))}\n${body}`;
};
