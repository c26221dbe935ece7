// The cases a run sees: the case files, with each runtime's expectations (runtimes/<name>/expectations.ts) joined in.
import type { LoadedCase } from '../case/case-types.ts';
import { loadCases, type LoadError } from '../case/load-cases.ts';
import { mergeExpectations } from '../case/merge-expectations.ts';
import type { RuntimeAdapter } from '../adapters/adapter.ts';
import { runtimeLayers } from '../adapters/runtime-layers.ts';

/**
 * Joins the runtime layers to already-loaded cases. `wholeCatalogue`: the cases are every case
 * there is, so an expectations entry naming no case is reported (it would be stale).
 */
export const withRuntimeLayers = async (cases: LoadedCase[], adapters: RuntimeAdapter[], folders: Map<string, string>, wholeCatalogue: boolean): Promise<{ cases: LoadedCase[]; errors: LoadError[] }> => {
  const layers = await runtimeLayers(adapters, folders);
  const merged = mergeExpectations(cases, layers.layers, wholeCatalogue);
  return { cases: merged.cases, errors: [...layers.errors, ...merged.errors] };
};

/** Every case under the folders, runtime layers joined; load errors of both kinds beside them. */
export const loadCatalogue = async (suiteDirs: string[], adapters: RuntimeAdapter[], folders: Map<string, string>, root = process.cwd()): Promise<{ cases: LoadedCase[]; errors: LoadError[] }> => {
  const loaded = await loadCases(suiteDirs, root);
  const joined = await withRuntimeLayers(loaded.cases, adapters, folders, true);
  return { cases: joined.cases, errors: [...loaded.errors, ...joined.errors] };
};
