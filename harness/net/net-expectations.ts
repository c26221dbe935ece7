// Loads each net's divergences (harness/net/nets/<name>.expectations.ts or nets/<name>/expectations.ts) as layers merged like a runtime's.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadError } from '../case/load-cases.ts';
import type { RuntimeLayer } from '../case/merge-expectations.ts';
import { EXPECTATIONS_MARK } from '../case/define-expectations.ts';
import { importMarked } from '../case/import-marked.ts';
import type { RuntimeExpectations } from '../case/expectation-types.ts';
import { NETS } from './nets/index.ts';

const NETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'nets');

/**
 * A net's divergences use the schema of runtimes/<name>/expectations.ts (defineExpectations:
 * reason, checked source, steps, wire). How they combine with the others (applicable-divergences.ts):
 * - a net's divergence holds on every run of that net, whatever runtimes play (`role` says which
 *   side's steps differ; `peer` and `versions` are not used there), and never on another net;
 * - most specific first: a runtime's divergence scoped to the net (`nets: ['mptcp']`, in that
 *   runtime's expectations.ts: its own behaviour there), then the net's, then the runtimes' others;
 *   the first that sets a step or the wire is the one used. A runtime's divergence without `nets`
 *   holds on every net for the steps the net's leave; one whose premise the net removes is
 *   re-stated for it with `nets`. Platform notes are untouched.
 */
export const netLayers = async (root = process.cwd()): Promise<{ layers: RuntimeLayer[]; errors: LoadError[] }> => {
  const layers: RuntimeLayer[] = [];
  const errors: LoadError[] = [];
  for (const net of NETS) {
    const candidates = [path.join(NETS_DIR, `${net.name}.expectations.ts`), path.join(NETS_DIR, net.name, 'expectations.ts')];
    for (const file of candidates) {
      if (!(await stat(file).catch(() => null))?.isFile()) continue;
      const shown = path.relative(root, file) || file;
      const imported = await importMarked(file, shown, EXPECTATIONS_MARK, 'export default defineExpectations({ ... })');
      if ('message' in imported) { errors.push(imported); continue; }
      const expectations: RuntimeExpectations = { runtime: `net ${net.name}`, file: shown, cases: { ...(imported.value as RuntimeExpectations['cases']) } };
      layers.push({ runtime: `net ${net.name}`, net: net.name, expectations, programs: [] });
    }
  }
  return { layers, errors };
};
