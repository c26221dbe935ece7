import t from 'tap';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import type { RuntimeExpectations } from '../../harness/case/expectation-types.ts';
import { mergeExpectations, type RuntimeLayer } from '../../harness/case/merge-expectations.ts';

const kase = (id: string): LoadedCase => ({
  id, file: `suites/${id}.ts`, description: id, spec: ['s'],
  steps: [{ role: 'server', op: 'listen', as: 'l', label: 'listens' }, { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'connects' }],
  divergences: [{ platform: 'darwin', verified: false, reason: 'p', source: 's' }],
});
const layer = (runtime: string, cases: RuntimeExpectations['cases'] | null, programs: RuntimeLayer['programs'] = []): RuntimeLayer =>
  ({ runtime, expectations: cases === null ? null : { runtime, file: `runtimes/${runtime}/expectations.ts`, cases }, programs });
const div = { role: 'client' as const, verified: true, reason: 'r', source: 's', steps: { connects: { error: 'EPIPE' } } };

t.test('a runtime\'s divergences and variants join the case, named by runtime; the case file\'s stay', async (t) => {
  const { cases, errors } = mergeExpectations([kase('g/a'), kase('g/b')], [
    layer('deno', { 'g/a': { variants: [{ name: 'v', description: 'd', options: { server: { x: true } } }], divergences: [div, { ...div, variant: 'v' }] } }),
    layer('c', null),
  ], true);
  t.same(errors, []);
  const a = cases[0]!;
  t.same(a.divergences?.map((d) => [d.runtime ?? '-', d.platform ?? '-', d.role ?? '-', d.variant ?? '-']), [['-', 'darwin', '-', '-'], ['deno', '-', 'client', '-'], ['deno', '-', 'client', 'v']]);
  t.same(a.variants, [{ name: 'v', description: 'd', options: { server: { x: true } }, runtimes: ['deno'] }]);
  t.same(cases[1]!.divergences?.length, 1, 'the other case is untouched');
  t.same(kase('g/a').divergences?.length, 1, 'the loaded cases themselves are not changed');
});

t.test('program variants join every case', async (t) => {
  const { cases } = mergeExpectations([kase('g/a'), kase('g/b')], [layer('bun', null, [{ name: 'bun-api', description: 'Bun.listen' }])], true);
  for (const c of cases) t.same(c.variants, [{ name: 'bun-api', description: 'Bun.listen', runtimes: ['bun'], options: {}, program: true }], c.id);
});

t.test('a bad entry is a load error naming file, case and key; the rest still applies', async (t) => {
  const { cases, errors } = mergeExpectations([kase('g/a'), kase('g/b')], [layer('deno', {
    'g/a': { divergences: [{ ...div, steps: { 'no such': { eof: true } } }, { ...div, variant: 'nope' }] },
    'g/b': { divergences: [div] },
    'g/c': { divergences: [div] },
    'g/d': { divergences: [{ verified: true, reason: 'r', source: 's', role: 'peer', extra: 1 }] } as never,
  })], true);
  t.same(cases[0]!.divergences?.length, 1, 'g/a: its bad entry is left out');
  t.same(cases[1]!.divergences?.length, 2, 'g/b: its good entry applies');
  t.same(errors.map((e) => e.file), ['runtimes/deno/expectations.ts', 'runtimes/deno/expectations.ts', 'runtimes/deno/expectations.ts']);
  t.match(errors[0]!.message, 'runtimes/deno/expectations.ts: No step is labelled "no such"; labels: listens, connects; No variant is named "nope"; variants: none (or \'*\')');
  t.match(errors[1]!.message, 'No case has the id "g/c"; cases in g/: g/a, g/b');
  t.match(errors[2]!.message, /Unknown key `\['g\/d'\]\.divergences\[0\]\.extra`.*Expected `\['g\/d'\]\.divergences\[0\]\.role` to be one of "server", "client", "both", got `"peer"`/);
});

t.test('with only some cases loaded, an unknown id is not an error', async (t) => {
  const { errors } = mergeExpectations([kase('g/a')], [layer('deno', { 'g/zzz': { divergences: [div] } })], false);
  t.same(errors, []);
});

t.test('two runtimes\' variants of one name and options are one variant; other options under that name are an error', async (t) => {
  const paused = { name: 'paused', description: 'd', options: { server: { pauseOnConnect: true } } };
  const { cases, errors } = mergeExpectations([kase('g/a'), kase('g/b')], [
    layer('node', { 'g/a': { variants: [paused] }, 'g/b': { variants: [paused] } }),
    layer('bun', { 'g/a': { variants: [paused] }, 'g/b': { variants: [{ ...paused, options: { client: { x: true } } }] } }),
  ], true);
  t.same(cases[0]!.variants?.map((v) => [v.name, v.runtimes]), [['paused', ['node', 'bun']]]);
  t.same(cases[1]!.variants?.map((v) => [v.name, v.runtimes]), [['paused', ['node']]]);
  t.same(errors.map((e) => e.message), ['runtimes/bun/expectations.ts: [\'g/b\'].variants: "paused" is already a variant of this case (node) with other options; give it another name']);
});

t.test('one variant from two runtimes keeps each runtime\'s own description', async (t) => {
  const { cases } = mergeExpectations([kase('g/a')], [
    layer('bun', { 'g/a': { variants: [{ name: 'p', description: 'Bun reads later', options: { server: { x: true } } }] } }),
    layer('node', { 'g/a': { variants: [{ name: 'p', description: 'Node reads later', options: { server: { x: true } } }] } }),
  ], true);
  t.equal(cases[0]!.variants?.[0]?.description, 'bun: Bun reads later; node: Node reads later');
});
