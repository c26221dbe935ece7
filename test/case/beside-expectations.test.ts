// <runtime>.expectations.ts beside cases: keyed by case path from its own folder, found from a case's folder up to its project.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { besideExpectations } from '../../harness/case/beside-expectations.ts';
import { loadCases } from '../../harness/case/load-cases.ts';
import { mergeExpectations } from '../../harness/case/merge-expectations.ts';
import { ROOT } from '../helpers/run-cli.ts';

const url = (...p: string[]): string => pathToFileURL(path.join(ROOT, ...p)).href;
const kase = (label: string): string => `import { defineCase } from '${url('harness', 'index.ts')}';
export default defineCase(import.meta, { description: 'd', spec: ['RFC 9293'], steps: [{ role: 'server', op: 'listen', as: 'l', label: '${label}' }] });
`;
/** An expectations file whose entries each diverge on the step `label`, for `reason`. */
const expectations = (entries: Record<string, string>, label = 'listens'): string => `import { defineExpectations } from '${url('harness', 'case', 'define-expectations.ts')}';
export default defineExpectations(${JSON.stringify(Object.fromEntries(Object.entries(entries).map(([k, reason]) => [k, { divergences: [{ role: 'server', verified: true, reason, source: 's', steps: { [label]: { ok: true } } }] }])))});
`;
const RUNTIMES = [{ name: 'node', programs: [] }, { name: 'bun', programs: ['bun-api'] }];

/** The cases of `sub` (a folder of the tree), with every expectations file that speaks of them merged in. */
const merged = async (dir: string, sub: string): Promise<{ reasons: Record<string, string[]>; errors: string[] }> => {
  const loaded = await loadCases([path.join(dir, sub)], dir);
  const beside = await besideExpectations(loaded.cases, RUNTIMES, dir);
  const m = mergeExpectations(loaded.cases, beside.layers, true);
  return {
    reasons: Object.fromEntries(m.cases.map((c) => [c.id, (c.divergences ?? []).map((d) => `${d.runtime}: ${d.reason}`)])),
    errors: [...loaded.errors, ...beside.errors, ...m.errors].map((e) => e.message),
  };
};

t.test('keys are case paths from the file\'s own folder; a file above the folder given still applies', async (t) => {
  const dir = t.testdir({
    'package.json': '{}',
    cases: {
      'node.expectations.ts': expectations({ 'g/a': 'from the top' }),
      'top.ts': kase('listens'),
      g: { 'a.ts': kase('listens'), 'b.ts': kase('listens'), 'bun.expectations.ts': expectations({ b: 'from g' }) },
    },
  });
  t.same(await merged(dir, 'cases'), { reasons: { 'g/a': ['node: from the top'], 'g/b': ['bun: from g'], top: [] }, errors: [] });
  t.same(await merged(dir, 'cases/g'), { reasons: { a: ['node: from the top'], b: ['bun: from g'] }, errors: [] }, 'ids from cases/g, keys from each file\'s folder');
});

t.test('an unknown runtime, an unknown case and an unknown step: each named with its file and the closest valid choice', async (t) => {
  const dir = t.testdir({
    'package.json': '{}',
    cases: {
      'nod.expectations.ts': expectations({ fine: 'x' }),
      'node.expectations.ts': expectations({ fien: 'x' }),
      'bun.expectations.ts': expectations({ fine: 'x' }, 'listen'),
      'fine.ts': kase('listens'),
    },
  });
  const { reasons, errors } = await merged(dir, 'cases');
  t.same(reasons, { fine: [] }, 'nothing bad is applied');
  t.same(errors.sort(), [
    "cases/bun.expectations.ts: No step is labelled \"listen\"; labels: listens",
    'cases/nod.expectations.ts: Expected the file name to be <runtime>.expectations.ts for a runtime found here, got `nod`; runtimes: node, bun (one of your own is found with --agents-dir). Did you mean `node`?',
    'cases/node.expectations.ts: No case has the id "fien"; case ids look like fine. Did you mean `fine`?',
  ]);
});
