// Joins each runtime's expectations to the cases they name, so a run sees one case with every runtime's divergences and variants.
import type { Divergence, LoadedCase, Variant } from './case-types.ts';
import type { LoadError } from './load-cases.ts';
import type { CaseExpectations, RuntimeExpectations } from './expectation-types.ts';
import { validateEntry } from './validate-expectations.ts';

/** A runtime's expectations, with the names of its program variants (adapter `programs`). */
export interface RuntimeLayer {
  runtime: string;
  /** null: the runtime has no expectations.ts (it is expected to behave as the kernel layer). */
  expectations: RuntimeExpectations | null;
  programs: { name: string; description: string }[];
  /**
   * A file beside cases (`<runtime>.expectations.ts`): its keys are case paths from its folder.
   * `ids`: key → the loaded case's id; `known`: every key that names a case file there; `programs`:
   * the runtime's program names, valid variants here but run by the runtime's own layer.
   */
  beside?: { ids: Map<string, string>; known: string[]; programs: string[] };
  /** A net's layer (harness/net/net-expectations.ts): its divergences carry `net`, not `runtime`, and it has no variants. */
  net?: string;
}

/**
 * Cases with every runtime's divergences (as `runtime` + `role`) and variants added, and a load
 * error per bad entry (named by file and key). A bad entry is left out; the rest still applies.
 */
export const mergeExpectations = (cases: LoadedCase[], layers: RuntimeLayer[], checkIds: boolean): { cases: LoadedCase[]; errors: LoadError[] } => {
  const byId = new Map(cases.map((c) => [c.id, { ...c, variants: (c.variants ?? []).map((v) => ({ ...v })), divergences: [...(c.divergences ?? [])] }]));
  const errors: LoadError[] = [];
  for (const { runtime, expectations: x, programs, beside, net } of layers) {
    // A file beside cases sees them by its own keys; a runtime's folder by their ids.
    const cases = beside === undefined ? byId : new Map([...beside.ids].flatMap(([key, id]) => (byId.has(id) ? [[key, byId.get(id)!]] : [])));
    const ctx = { cases, programs: beside?.programs ?? programs.map((p) => p.name), checkIds: beside !== undefined || checkIds, known: beside?.known };
    for (const [id, entry] of Object.entries(x?.cases ?? {})) {
      const problems = validateEntry(id, entry, ctx);
      if (problems.length > 0) {
        errors.push({ file: x!.file, message: `${x!.file}: ${problems.map((p) => p.message).join('; ')}` });
        continue;
      }
      const kase = cases.get(id);
      if (kase === undefined) continue;
      const e = entry as CaseExpectations;
      // Two runtimes' variants of one name and the same options are one variant (Node's and Bun's
      // pauseOnConnect): one job, and each runtime's divergences for it apply in mixed pairs.
      const clash = (e.variants ?? []).filter((v) => kase.variants.some((k) => k.name === v.name && JSON.stringify(k.options) !== JSON.stringify(v.options)));
      if (clash.length > 0) {
        errors.push({ file: x!.file, message: `${x!.file}: ['${id}'].variants: ${clash.map((v) => `"${v.name}" is already a variant of this case (${kase.variants.find((k) => k.name === v.name)!.runtimes.join(', ')}) with other options; give it another name`).join('; ')}` });
        continue;
      }
      for (const v of e.variants ?? []) {
        const same = kase.variants.find((k) => k.name === v.name);
        if (same !== undefined) {
          // Each runtime words its own variant: keep every description, each under its runtime.
          if (same.description !== v.description) {
            same.description = `${same.runtimes.length === 1 ? `${same.runtimes[0]}: ` : ''}${same.description}; ${runtime}: ${v.description}`;
          }
          same.runtimes = [...same.runtimes, runtime];
        }
        else kase.variants.push({ ...v, runtimes: [runtime] });
      }
      kase.divergences.push(...(e.divergences ?? []).map((d): Divergence => (net === undefined ? { ...d, runtime } : { ...d, net })));
    }
    // Program variants run in every case: the whole agent differs, not one case's options.
    if (beside === undefined) for (const kase of byId.values()) {
      kase.variants.push(...programs.map((p): Variant => ({ ...p, runtimes: [runtime], options: {}, program: true })));
    }
  }
  return { cases: cases.map((c) => byId.get(c.id)!), errors };
};
