// transpileTs against a real cache dir: an entry and its local imports, one build per set of sources,
// reused, rebuilt when any of them changes, and failures as data.
import t, { type Test } from 'tap';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpileTs } from '../../harness/toolchain/transpile-ts.ts';

const ENTRY = `import type { Server } from 'node:net';
import { twice } from '../lib/twice.ts';
export const answer: number = twice(21);
export const kind = (s: Server | null): string => (s === null ? 'none' : 'server');
`;
const LIB = `import type { Shape } from './shape.ts';
export const twice = (n: number): number => n * 2;
export const shape: Shape = { n: 1 };
`;
const SHAPE = 'export interface Shape { n: number }\n';

// A source tree: src/main.ts imports lib/twice.ts, which imports a type from lib/shape.ts.
const tree = (t: Test, main = ENTRY): string =>
  t.testdir({ src: { 'main.ts': main }, lib: { 'twice.ts': LIB, 'shape.ts': SHAPE }, cache: {} });

t.test('transpiles the entry and its local imports to runnable .mjs files', async (t) => {
  const dir = tree(t);
  const built = await transpileTs({ entry: path.join(dir, 'src', 'main.ts'), name: 'probe', cacheDir: path.join(dir, 'cache') });
  if (!built.ok) throw new Error(built.reason);
  t.match(built.file, /probe-[0-9a-f]{16}\/src\/main\.mjs$/);
  const mod = (await import(pathToFileURL(built.file).href)) as { answer: number; kind(s: null): string };
  t.equal(mod.answer, 42, 'the imported function ran');
  t.equal(mod.kind(null), 'none', 'the type-only import is gone');
  t.match(await readFile(path.join(path.dirname(built.file), '..', 'lib', 'twice.mjs'), 'utf8'), /from '\.\/shape\.mjs'|^(?![\s\S]*shape\.ts)/, 'no .ts specifier is left');
});

t.test('a second build is a cache hit; a change in any imported file is a new build', async (t) => {
  const dir = tree(t);
  const opts = { entry: path.join(dir, 'src', 'main.ts'), name: 'probe', cacheDir: path.join(dir, 'cache') };
  const first = await transpileTs(opts);
  if (!first.ok) throw new Error(first.reason);
  // Marks the cached file: a rebuild would overwrite the mark.
  await writeFile(first.file, '// cached\n');
  const second = await transpileTs(opts);
  t.same(second, first);
  t.equal(await readFile(first.file, 'utf8'), '// cached\n', 'not transpiled again');
  await writeFile(path.join(dir, 'lib', 'twice.ts'), `${LIB}// changed\n`);
  const third = await transpileTs(opts);
  t.ok(third.ok && third.file !== first.file, 'an imported file changed: another build');
  await writeFile(path.join(dir, 'lib', 'shape.ts'), `${SHAPE}// changed\n`);
  const fourth = await transpileTs(opts);
  t.ok(fourth.ok && third.ok && fourth.file !== third.file, 'a type-only import changed: another build too');
});

t.test('parallel builds agree and leave no temp files', async (t) => {
  const dir = tree(t);
  const cacheDir = path.join(dir, 'cache');
  const results = await Promise.all(Array.from({ length: 6 }, () => transpileTs({ entry: path.join(dir, 'src', 'main.ts'), name: 'probe', cacheDir })));
  t.equal(new Set(results.map((r) => (r.ok ? r.file : r.reason))).size, 1);
  t.same(await readdir(cacheDir), [path.relative(cacheDir, (results[0] as { file: string }).file).split(path.sep)[0]]);
});

t.test('a syntax error in an imported file comes back as a reason, not a throw', async (t) => {
  const dir = tree(t);
  await writeFile(path.join(dir, 'lib', 'twice.ts'), 'export const x = ;\n');
  const result = await transpileTs({ entry: path.join(dir, 'src', 'main.ts'), name: 'broken', cacheDir: path.join(dir, 'cache') });
  t.match(result, { ok: false, reason: /^cannot transpile broken \(lib\/twice\.ts\): Expression expected/ });
  t.same(await readdir(path.join(dir, 'cache')), [], 'nothing cached');
});

t.test('a missing import or one without .ts comes back as a reason', async (t) => {
  const dir = tree(t, `import { x } from './nowhere.ts';\nexport const y = x;\n`);
  const missing = await transpileTs({ entry: path.join(dir, 'src', 'main.ts'), name: 'probe', cacheDir: path.join(dir, 'cache') });
  t.match(missing, { ok: false, reason: /^cannot transpile probe: cannot read .*nowhere\.ts/ });
  await writeFile(path.join(dir, 'src', 'main.ts'), `import { twice } from '../lib/twice';\nexport const y = twice(1);\n`);
  const bare = await transpileTs({ entry: path.join(dir, 'src', 'main.ts'), name: 'probe', cacheDir: path.join(dir, 'cache') });
  t.match(bare, { ok: false, reason: /local imports must name their \.ts file/ });
});

t.test('an unwritable cache dir comes back as a reason', async (t) => {
  const dir = tree(t);
  await writeFile(path.join(dir, 'file'), 'not a directory');
  const result = await transpileTs({ entry: path.join(dir, 'src', 'main.ts'), name: 'probe', cacheDir: path.join(dir, 'file', 'cache') });
  t.match(result, { ok: false, reason: /^cannot write / });
});
