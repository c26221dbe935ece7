// The house keeps its floors: every import of the product points down, with no circle (README "Architecture").
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { ROOT } from '../helpers/run-cli.ts';
import { architectureProblems, readImportGraph, type ImportGraph } from './import-graph.ts';

const SOURCES = ['harness', 'runtimes', 'suites', 'bin'];
const real = (): ImportGraph => readImportGraph(ROOT, SOURCES);
/** The real graph with one more import. */
const plus = (from: string, to: string): ImportGraph => {
  const g = real();
  g.set(from, [...(g.get(from) ?? []), to]);
  return g;
};

t.test('harness/, runtimes/, suites/ and bin/: every import points down, no circle, every file on a floor', async (t) => {
  const g = real();
  t.ok(g.size > 150, `the whole tree was read (${g.size} files)`);
  t.ok((g.get('harness/engine/run-case.ts') ?? []).length > 5, 'imports were read');
  t.same(architectureProblems(g), []);
});

t.test('negative controls: a deliberately added bad import is caught, named', async (t) => {
  t.match(architectureProblems(plus('harness/case/case-types.ts', 'harness/cli/main.ts')),
    ['harness/case/case-types.ts (model) imports harness/cli/main.ts (face): an import up a floor'], 'model -> face');
  t.match(architectureProblems(plus('harness/engine/run-suite.ts', 'harness/report/write-reports.ts')),
    ['harness/engine/run-suite.ts (engine) imports harness/report/write-reports.ts (outputs): an import up a floor'], 'engine -> outputs');
  const circle = architectureProblems(plus('harness/report/yaml.ts', 'harness/report/tap-writer.ts'));
  t.match(circle, [/^a circle of imports: .*harness\/report\/tap-writer\.ts -> harness\/report\/yaml\.ts/], 'a circle inside one floor');
  const rooms = architectureProblems(plus('harness/merge/read-report.ts', 'harness/reference/markdown.ts')
    .set('harness/reference/markdown.ts', ['harness/merge/read-report.ts']));
  t.ok(rooms.some((p) => /^a circle of folders: harness\/merge <-> harness\/reference$/.test(p)), 'a circle between two folders of one floor');
  t.match(architectureProblems(plus('runtimes/node/agent.ts', 'harness/engine/run-case.ts')),
    [/^agent program runtimes\/node\/agent\.ts imports harness\/engine\/run-case\.ts: an agent may import only/], 'an agent reaching into the harness');
  t.match(architectureProblems(plus('harness/report/yaml.ts', 'runtimes/c/expectations.ts')), [], 'outputs may read the model (an expectations file is model data)');
  const g = real();
  g.set('harness/newroom/x.ts', []);
  t.match(architectureProblems(g), ['harness/newroom/x.ts stands on no floor: place its folder in test/architecture/layers.ts'], 'a folder on no floor');
});

t.test('imports are read as TypeScript reads them: static, type-only, re-exports, dynamic', async (t) => {
  const dir = t.testdir();
  mkdirSync(path.join(dir, 'harness', 'case'), { recursive: true });
  mkdirSync(path.join(dir, 'harness', 'cli'), { recursive: true });
  const files: Record<string, string> = {
    'harness/case/a.ts': "import type { B } from './b.ts';\nexport * from './c.ts';\nexport const f = () => import('../cli/d.ts');\n",
    'harness/case/b.ts': 'export type B = 1;\n',
    'harness/case/c.ts': "// import x from '../cli/not-an-import.ts'\nexport const s = \"import('../cli/nor-this.ts')\";\n",
    'harness/cli/d.ts': "import { f } from '../case/a.ts?query';\nimport 'node:fs';\nimport t from 'tap';\nexport { f, t };\n",
  };
  for (const [f, src] of Object.entries(files)) writeFileSync(path.join(dir, f), src);
  const g = readImportGraph(dir, ['harness']);
  t.same(g.get('harness/case/a.ts'), ['harness/case/b.ts', 'harness/case/c.ts', 'harness/cli/d.ts']);
  t.same(g.get('harness/case/c.ts'), [], 'comments and strings are not imports');
  t.same(g.get('harness/cli/d.ts'), ['harness/case/a.ts'], 'packages are outside; a query is dropped');
  t.same(readImportGraph(dir, ['harness'], { dynamic: false }).get('harness/case/a.ts'), ['harness/case/b.ts', 'harness/case/c.ts'], 'static imports alone');
  t.match(architectureProblems(g), ['harness/case/a.ts (model) imports harness/cli/d.ts (face): an import up a floor', /^a circle of imports: /]);
});

/** Every file `file` loads, statically: what starting it costs. */
const reach = (g: ImportGraph, file: string): Set<string> => {
  const seen = new Set<string>();
  const walk = (f: string): void => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const to of g.get(f) ?? []) walk(to);
  };
  walk(file);
  return seen;
};
const engineIn = (files: Set<string>): string[] => [...files].filter((f) => f.startsWith('harness/engine/'));

t.test('sockspec merge and doc load no part of the run engine, nor does the CLI before it knows the command', async (t) => {
  const g = readImportGraph(ROOT, SOURCES, { dynamic: false });
  for (const f of ['harness/cli/main.ts', 'harness/cli/merge-command.ts', 'harness/cli/doc-command.ts']) t.same(engineIn(reach(g, f)), [], f);
  // The main job imports the engine once its live line is up (execute.ts, dynamic imports); the engine's own entry shows the walk follows imports.
  t.ok(engineIn(reach(g, 'harness/engine/run-suite.ts')).length > 5, 'the run loads it (the check can see it)');
  t.ok(engineIn(reach(g.set('harness/cli/merge-command.ts', [...g.get('harness/cli/merge-command.ts')!, 'harness/cli/execute.ts']), 'harness/cli/merge-command.ts')).length > 0, 'negative control: merge importing execute is seen');
});
