// Checks a case file's declaration against the closed format of case-types.ts, then what one key cannot see alone; every problem names its key.
import { caseShape, type CaseDefinition } from './case-types.ts';
import type { CaseProblem } from './shape-checks.ts';

export type { CaseProblem } from './shape-checks.ts';

/** Labels must be unique and every divergence must name steps that exist and assert something. */
const crossCheck = (def: CaseDefinition, out: CaseProblem[]): void => {
  const labels = new Map<string, number>();
  def.steps.forEach((s, i) => {
    if (s.label === undefined) return;
    if (labels.has(s.label)) out.push({ key: `steps[${i}].label`, message: `Duplicate step label "${s.label}" (also steps[${labels.get(s.label)}])` });
    labels.set(s.label, i);
  });
  if (def.wrongNetwork !== undefined && !labels.has(def.wrongNetwork.skipStep)) {
    out.push({ key: 'wrongNetwork.skipStep', message: `No step is labelled "${def.wrongNetwork.skipStep}"; labels: ${[...labels.keys()].join(', ') || 'none'}` });
  }
  (def.divergences ?? []).forEach((d, i) => out.push(...unknownLabels(d.steps, labels, `divergences[${i}]`)));
  for (const [family, layer] of Object.entries(def.byFamily ?? {})) {
    out.push(...unknownLabels(layer.steps, labels, `byFamily.${family}`));
    // A layer that changes nothing would only add words: it must replace a step's expectation or the wire.
    if (layer.steps === undefined && layer.wire === undefined) out.push({ key: `byFamily.${family}`, message: `Expected \`byFamily.${family}\` to change \`steps\` or \`wire\`; it changes nothing` });
  }
  checkBackground(def, out);
};

/**
 * Background steps: each has a label, is awaited once by a later `await` of its `reply`, and while its reply
 * is pending its agent gets no other request (an agent serves one request at a time, PROTOCOL.md) and no step
 * uses the socket it makes.
 */
const checkBackground = (def: CaseDefinition, out: CaseProblem[]): void => {
  const pending = new Map<string, { index: number; role: string; as?: string }>();
  const awaited = new Set<string>();
  def.steps.forEach((s, i) => {
    const key = `steps[${i}]`;
    if (s.role === 'harness') {
      if (s.op !== 'await' || s.reply === undefined) return;
      const p = pending.get(s.reply);
      if (p !== undefined) {
        pending.delete(s.reply);
        awaited.add(s.reply);
        return;
      }
      const target = def.steps.findIndex((t) => t.label === s.reply);
      const why = awaited.has(s.reply) ? 'its reply was awaited already'
        : target < 0 ? 'no step has that label'
          : target > i ? `steps[${target}] comes after the await`
            : `steps[${target}] is not a background agent step (\`background: true\`)`;
      out.push({ key: `${key}.reply`, message: `${key} awaits the reply to "${s.reply}", but ${why}` });
      return;
    }
    for (const [label, p] of pending) {
      if (p.role === s.role) {
        out.push({ key, message: `${key} (${s.role} ${s.op}) is sent to the ${s.role} agent while its background step steps[${p.index}] ("${label}") awaits its reply: an agent serves one request at a time; await the reply first` });
      }
      const uses = [s.sock, s.to, s.portOf, s.bindPortOf].filter((n) => n !== undefined && n === p.as);
      if (uses.length > 0) out.push({ key, message: `${key} uses socket "${p.as}" before the reply of the background step that makes it (steps[${p.index}], "${label}") was awaited` });
    }
    if (s.background !== true) return;
    if (s.label === undefined) {
      out.push({ key: `${key}.label`, message: `${key} runs in the background and needs a label: the \`await\` of its reply names it` });
      return;
    }
    pending.set(s.label, { index: i, role: s.role, ...(s.as === undefined ? {} : { as: s.as }) });
  });
  for (const [label, p] of pending) {
    out.push({ key: `steps[${p.index}].background`, message: `steps[${p.index}] ("${label}") runs in the background but no later step awaits its reply (\`{ role: 'harness', op: 'await', reply: '${label}' }\`): its expectation would never be checked` });
  }
};

/** Problems for each key of `steps` (label → expectation) that names no step of the case. */
export const unknownLabels = (steps: Record<string, unknown> | undefined, labels: Map<string, number> | Set<string>, key: string): CaseProblem[] =>
  Object.keys(steps ?? {}).filter((label) => !labels.has(label)).map((label) => ({
    key: `${key}.steps.${label}`, message: `No step is labelled "${label}"; labels: ${[...labels.keys()].join(', ') || 'none'}`,
  }));

/** Validates an unknown value as a case definition; problems are returned, never thrown. */
export const validateCase = (value: unknown): { ok: true; def: CaseDefinition } | { ok: false; problems: CaseProblem[] } => {
  const problems: CaseProblem[] = [];
  caseShape(value, '', problems);
  // The keys a runtime's layer used to take here: say where they belong now.
  for (const p of problems) {
    if (/^(variants|divergences\[\d+\]\.(runtime|role|variant))$/.test(p.key)) {
      p.message += "; a runtime's variants and divergences go in <runtime>.expectations.ts beside the case (runtimes/<name>/expectations.ts for sockspec's own suites); a case file's divergences are platform notes";
    }
  }
  if (problems.length === 0) crossCheck(value as CaseDefinition, problems);
  return problems.length === 0 ? { ok: true, def: value as CaseDefinition } : { ok: false, problems };
};
