// The per-runtime summary: one row per case, one column per runtime (and per other program), a cell per outcome.
import type { CaseInfo } from '../result/case-info.ts';
import type { Status } from '../result/case-result.ts';
import { anchor, code, table } from './markdown.ts';
import type { PlacedResult } from './placed-result.ts';
import { compareColumns, compareVariants } from './runtime-columns.ts';
import { FAMILY_NAMES, sameAcrossFamilies } from './family-statements.ts';

const CELL: Record<Status, string> = {
  pass: 'pass', divergence: 'div.', skip: 'skip', fail: '**fail**', 'unexpected-pass': '**unexp. pass**',
  error: '**error**', crash: '**crash**', timeout: '**timeout**',
};

/** The link to a case's section: its heading is the id as code. */
export const caseLink = (id: string): string => `[${code(id)}](#${anchor(`\`${id}\``)})`;

interface Column { runtime: string; variant: string | null; title: string }

/**
 * The matrix of `runs` (one platform's). A runtime's other program (a variant with `program`, Bun's
 * own API) gets a column of its own; option variants (Node's pauseOnConnect) are told in a last
 * "variants" column, beside the idiomatic run they modify.
 */
export const summaryMatrix = (cases: CaseInfo[], runs: PlacedResult[]): string => {
  const programs = new Set(cases.flatMap((c) => c.variants.filter((v) => v.program === true).map((v) => v.name)));
  const columns: Column[] = [];
  for (const { result } of runs) {
    const variant = result.variant !== null && programs.has(result.variant) ? result.variant : null;
    if (!columns.some((c) => c.runtime === result.runtime && c.variant === variant)) {
      columns.push({ runtime: result.runtime, variant, title: variant ?? result.runtime });
    }
  }
  columns.sort((a, b) => compareColumns(a.runtime, b.runtime) || compareVariants(a.variant, b.variant));
  const hasOptions = runs.some((r) => r.result.variant !== null && !programs.has(r.result.variant));
  const rows = cases.map((kase) => {
    const mine = runs.filter((r) => r.result.id === kase.id);
    const cells = columns.map((col) => {
      const here = mine.filter((r) => r.result.runtime === col.runtime && r.result.variant === col.variant);
      // One word where the families agree; each family's where they do not ("pass (IPv6: div.)" reads as: IPv4 pass).
      const agreed = sameAcrossFamilies(here, () => '', (r) => CELL[r.result.status]);
      const found = [...new Set(here.map((r) => (here.length > 0 && agreed(r) ? CELL[r.result.status] : `${FAMILY_NAMES[r.family]}: ${CELL[r.result.status]}`)))];
      return found.length === 0 ? '–' : found.join(' / ');
    });
    const options = new Map<string, string[]>();
    const optionRuns = mine.filter((r) => r.result.variant !== null && !programs.has(r.result.variant));
    const optionAgreed = sameAcrossFamilies(optionRuns, (r) => `${r.result.runtime}\0${r.result.variant}`, (r) => r.result.status);
    for (const run of optionRuns) {
      const { result } = run;
      const key = `${code(result.variant!)}${optionAgreed(run) ? '' : ` over ${FAMILY_NAMES[run.family]}`}: ${CELL[result.status]}`;
      options.set(key, [...(options.get(key) ?? []), result.runtime].filter((x, i, all) => all.indexOf(x) === i));
    }
    const variants = [...options.entries()]
      .map(([key, runtimes]) => `${[...runtimes].sort(compareColumns).join(', ')} ${key}`)
      .sort();
    const id = `${caseLink(kase.id)}${kase.tags.includes('slow') ? ' (slow)' : ''}`;
    return [id, ...cells, ...(hasOptions ? [variants.join('; ')] : [])];
  });
  return table(['case', ...columns.map((c) => c.title), ...(hasOptions ? ['variants'] : [])], rows);
};
