// Each runtime's layer: its expectations.ts (if any) and its program variants, ready to merge into the cases.
import type { LoadError } from '../case/load-cases.ts';
import type { RuntimeLayer } from '../case/merge-expectations.ts';
import type { RuntimeAdapter } from './adapter.ts';
import { loadExpectations } from './load-expectations.ts';
import { netLayers } from '../net/net-expectations.ts';

/** Layers for every adapter, and a load error for each expectations file that could not be imported. */
export const runtimeLayers = async (adapters: RuntimeAdapter[], folders: Map<string, string>): Promise<{ layers: RuntimeLayer[]; errors: LoadError[] }> => {
  const layers: RuntimeLayer[] = [];
  const errors: LoadError[] = [];
  for (const adapter of adapters) {
    const folder = folders.get(adapter.name);
    const loaded = folder === undefined ? null : await loadExpectations(adapter.name, folder);
    if (loaded !== null && 'message' in loaded) errors.push(loaded);
    layers.push({ runtime: adapter.name, expectations: loaded !== null && 'cases' in loaded ? loaded : null, programs: adapter.programs ?? [] });
  }
  // Each net's divergences join as layers too (harness/net/net-expectations.ts), whichever nets run.
  const nets = await netLayers();
  return { layers: [...layers, ...nets.layers], errors: [...errors, ...nets.errors] };
};
