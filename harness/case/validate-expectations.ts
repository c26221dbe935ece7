// Checks a runtime's expectations table against the closed format and against the cases it names.
import type { LoadedCase } from './case-types.ts';
import { caseExpectations, type CaseExpectations } from './expectation-types.ts';
import { closeMatches, didYouMean } from './close-matches.ts';
import { isObject, type CaseProblem } from './shape-checks.ts';
import { unknownLabels } from './validate-case.ts';

/** What the check needs to know besides the table: the cases, and the runtime's program variants. */
export interface ExpectationContext {
  cases: Map<string, LoadedCase>;
  /** Names of the adapter's programs: valid `variant` values in every case. */
  programs: string[];
  /** Report ids that name no loaded case (false when only some suites were loaded). */
  checkIds: boolean;
  /** Every id that names a case, loaded or not (a file beside cases: each case file under its folder); absent: the loaded cases'. */
  known?: string[];
}

/**
 * Problems of one case's entry, keys prefixed with the case id in quotes; an entry whose case is
 * not loaded is checked only for shape (unless `checkIds`, when its id itself is the problem).
 */
export const validateEntry = (id: string, entry: unknown, ctx: ExpectationContext): CaseProblem[] => {
  const key = `['${id}']`;
  const out: CaseProblem[] = [];
  caseExpectations(entry, key, out);
  const kase = ctx.cases.get(id);
  const known = ctx.known ?? [...ctx.cases.keys()];
  if (kase === undefined) {
    if (ctx.checkIds && !known.includes(id)) {
      const near = known.filter((c) => c.split('/')[0] === id.split('/')[0]);
      const like = near.length > 0 ? `cases in ${id.split('/')[0]}/: ${near.join(', ')}` : known.length > 0 ? `case ids look like ${known.slice(0, 3).join(', ')}` : 'no case is there';
      out.push({ key, message: `No case has the id "${id}"; ${like}${didYouMean(closeMatches(id, known, (c) => [c.slice(c.lastIndexOf('/') + 1)]))}` });
    }
    return out;
  }
  if (out.length > 0 || !isObject(entry)) return out;
  const e = entry as CaseExpectations;
  const labels = new Set(kase.steps.flatMap((s) => (s.label === undefined ? [] : [s.label])));
  const variants = new Set([...(e.variants ?? []).map((v) => v.name), ...ctx.programs]);
  (e.divergences ?? []).forEach((d, i) => {
    const at = `${key}.divergences[${i}]`;
    out.push(...unknownLabels(d.steps, labels, at));
    if (d.peer !== undefined && d.role === 'both') out.push({ key: `${at}.peer`, message: `\`peer\` names the other role's runtime, so it needs \`role\` 'server' or 'client', not 'both'` });
    if (d.variant !== undefined && d.variant !== '*' && !variants.has(d.variant)) {
      out.push({ key: `${at}.variant`, message: `No variant is named "${d.variant}"; variants: ${[...variants].join(', ') || 'none'} (or '*')` });
    }
  });
  return out;
};
