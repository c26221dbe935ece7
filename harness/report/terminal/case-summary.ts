// The end-of-run summary a person reads: one line per case, each runtime's outcome beside it.
import type { CaseResult, Status } from '../../result/case-result.ts';
import { oneLine, type Paint } from './paint.ts';
import { familyOf } from '../../case/family.ts';

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

/** `close/unread-data-sends-rst  c ✓  node ◆div  deno v4◆div v6✗`: cases in the order given, runtimes in the order run, families split where they differ. */
export const caseSummary = (results: CaseResult[], paint: Paint): string[] => {
  const byCase = new Map<string, CaseResult[]>();
  for (const r of results) byCase.set(r.id, [...(byCase.get(r.id) ?? []), r]);
  const pad = Math.min(MAX_ID, Math.max(0, ...[...byCase.keys()].map((id) => oneLine(id).length)));
  const mark = (r: CaseResult): string => paint(MARKS[r.status].code, MARKS[r.status].mark);
  return [...byCase].map(([id, runs]) => {
    // A run over both families is one cell where they agree ("c ✓"), else a mark per family ("c v4✓ v6✗").
    const byRun = new Map<string, CaseResult[]>();
    for (const r of runs) {
      const key = JSON.stringify([runtimeLabel(r), r.repeat ?? 0]);
      byRun.set(key, [...(byRun.get(key) ?? []), r]);
    }
    const cells = [...byRun.values()].map((same) => `${oneLine(runtimeLabel(same[0]!))} ${new Set(same.map((r) => r.status)).size === 1
      ? mark(same[0]!) : same.map((r) => `${familyOf(r) === 'ipv6' ? 'v6' : 'v4'}${mark(r)}`).join(' ')}`);
    return `${oneLine(id).padEnd(pad)}  ${cells.join('  ')}`;
  });
};
