// The end-of-run summary a person reads: one line per case, each runtime's outcome beside it.
import type { CaseResult, Status } from '../../result/case-result.ts';
import { oneLine, type Paint } from './paint.ts';

/** A mark per status: a symbol to scan, the word where it is not a plain pass, and an SGR colour. */
export const MARKS: Record<Status, { mark: string; code: string }> = {
  pass: { mark: '✓', code: '32' },
  divergence: { mark: '◆div', code: '36' },
  skip: { mark: '○skip', code: '33' },
  fail: { mark: '✗fail', code: '31' },
  'unexpected-pass': { mark: '✗unexpected-pass', code: '31' },
  // Harness trouble has its own symbol and colour: never read as a semantics verdict.
  error: { mark: '⚠error', code: '35' },
  crash: { mark: '⚠crash', code: '35' },
  timeout: { mark: '⚠timeout', code: '35' },
};

/** What the marks mean, printed once above the lines. */
export const LEGEND = '✓ pass  ◆ documented divergence  ○ skip  ✗ fail  ⚠ harness trouble';

const MAX_ID = 48;

/** "node", "c:node", "node(pauseOnConnect)": the runtime column, and the variant when there is one. */
export const runtimeLabel = (r: Pick<CaseResult, 'runtime' | 'variant'>): string => `${r.runtime}${r.variant ? `(${r.variant})` : ''}`;

/** `close/unread-data-sends-rst  c ✓  node ◆div  deno ◆div`: cases in the order given, runtimes in the order run. */
export const caseSummary = (results: CaseResult[], paint: Paint): string[] => {
  const byCase = new Map<string, CaseResult[]>();
  for (const r of results) byCase.set(r.id, [...(byCase.get(r.id) ?? []), r]);
  const pad = Math.min(MAX_ID, Math.max(0, ...[...byCase.keys()].map((id) => oneLine(id).length)));
  return [...byCase].map(([id, runs]) => {
    const cells = runs.map((r) => `${oneLine(runtimeLabel(r))} ${paint(MARKS[r.status].code, MARKS[r.status].mark)}`);
    return `${oneLine(id).padEnd(pad)}  ${cells.join('  ')}`;
  });
};
