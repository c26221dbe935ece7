// Every runtime folder's expectations.ts against the whole built-in catalogue: a stale case id, a
// renamed step label or a misspelt variant fails here, before any run.
import path from 'node:path';
import t from 'tap';
import { loadCases } from '../../harness/case/load-cases.ts';
import { mergeExpectations } from '../../harness/case/merge-expectations.ts';
import { discoverRuntimes } from '../../harness/adapters/discover-runtimes.ts';
import { runtimeLayers } from '../../harness/adapters/runtime-layers.ts';
import { ROOT } from '../helpers/run-cli.ts';

const { adapters, folders } = await discoverRuntimes([path.join(ROOT, 'runtimes')]);
const { cases, errors: caseErrors } = await loadCases([path.join(ROOT, 'suites')], ROOT);
const { layers, errors } = await runtimeLayers(adapters, folders);

t.same(caseErrors, [], 'the catalogue loads');
t.same(errors, [], 'every expectations.ts imports');
t.same(mergeExpectations(cases, layers, true).errors, [], 'every entry names a real case, real step labels and real variants');
for (const l of layers.filter((x) => x.expectations !== null)) {
  for (const [id, e] of Object.entries(l.expectations!.cases)) {
    for (const d of e.divergences ?? []) {
      // A measured divergence says so in its source; an unverified one names what it rests on.
      if (d.verified) t.match(d.source, /measured here/, `${l.runtime} ${id}: a verified divergence says it was measured here`);
    }
  }
}
