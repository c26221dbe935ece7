// The cases a run sees from the folders and files given: the catalogue only when asked, each file once, each id once.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { loadRunCases } from '../../harness/engine/load-run-cases.ts';
import { ROOT } from '../helpers/run-cli.ts';

const kase = `import { defineCase } from '${pathToFileURL(path.join(ROOT, 'harness', 'index.ts')).href}';
export default defineCase(import.meta, { description: 'd', spec: ['RFC 9293'], steps: [{ role: 'server', op: 'listen', as: 'l' }] });
`;

t.test('a folder and a file in it run that file once; a second file with a taken id is named, the first runs', async (t) => {
  const dir = t.testdir({ 'package.json': '{}', cases: { 'x.ts': kase, g: { 'y.ts': kase } }, other: { 'x.ts': kase }, catalogue: { grp: { 'built-in.ts': kase } } });
  const at = (...p: string[]): string => path.join(dir, ...p);
  const base = { catalogueDirs: [at('catalogue')], wholeCatalogue: false, adapters: [], folders: new Map<string, string>(), root: dir };
  const r = await loadRunCases({ ...base, sources: [at('cases'), at('cases', 'g', 'y.ts'), at('other')], withCatalogue: false });
  t.same(r.cases.map((c) => [c.id, c.file]), [['g/y', path.join('cases', 'g', 'y.ts')], ['x', path.join('cases', 'x.ts')]]);
  t.same(r.errors.map((e) => e.message), [`${path.join('other', 'x.ts')}: its id \`x\` is already that of ${path.join('cases', 'x.ts')}; rename one, or run their folders apart`]);

  const both = await loadRunCases({ ...base, sources: [at('cases', 'x.ts')], withCatalogue: true });
  t.same(both.cases.map((c) => c.id), ['grp/built-in', 'x'], 'with the catalogue asked for: its cases first');
  const inside = await loadRunCases({ ...base, sources: [at('catalogue', 'grp', 'built-in.ts')], withCatalogue: false });
  t.same(inside.cases.map((c) => c.id), ['grp/built-in'], 'a catalogue file given alone keeps its catalogue id (alone it would be built-in)');
});
