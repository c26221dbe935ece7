// Checks a runtime's expectations table against the closed format and against the cases it names.
import type { LoadedCase } from './case-types.ts';
import { caseExpectations, type CaseExpectations } from './expectation-types.ts';
import { isObject, type CaseProblem } from './shape-checks.ts';
import { unknownLabels } from './validate-case.ts';

/** What the check needs to know besides the table: the cases, and the runtime's program variants. */
export interface ExpectationContext {
  cases: Map<string, LoadedCase>;
  /** Names of the adapter's programs: valid `variant` values in every case. */
  programs: string[];
  /** Report ids that name no loaded case (false when only some suites were loaded). */
  checkIds: boolean;
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
  if (kase === undefined) {
    if (ctx.checkIds) {
      const near = [...ctx.cases.keys()].filter((c) => c.split('/')[0] === id.split('/')[0]);
      out.push({ key, message: `No case has the id "${id}"; ${near.length > 0 ? `cases in ${id.split('/')[0]}/: ${near.join(', ')}` : `case ids look like ${[...ctx.cases.keys()].slice(0, 3).join(', ')}`}` });
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
