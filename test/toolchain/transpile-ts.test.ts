// transpileTs against a real cache dir: one build per source, reused, and failures as data.
import t from 'tap';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { transpileTs } from '../../harness/toolchain/transpile-ts.ts';

const SOURCE = `import type { Server } from 'node:net';
export const answer: number = 42;
export const kind = (s: Server | null): string => (s === null ? 'none' : 'server');
`;

t.test('transpiles to a runnable .mjs named after the source hash', async (t) => {
  const cacheDir = t.testdir();
  const built = await transpileTs({ source: SOURCE, name: 'probe', cacheDir });
  if (!built.ok) throw new Error(built.reason);
  t.match(built.file, /probe-[0-9a-f]{16}\.mjs$/);
  const mod = (await import(pathToFileURL(built.file).href)) as { answer: number; kind(s: null): string };
  t.equal(mod.answer, 42);
  t.equal(mod.kind(null), 'none', 'the type-only import is gone');
});

t.test('a second build of the same source is a cache hit', async (t) => {
  const cacheDir = t.testdir();
  const first = await transpileTs({ source: SOURCE, name: 'probe', cacheDir });
  if (!first.ok) throw new Error(first.reason);
  // Marks the cached file: a rebuild would overwrite the mark.
  await writeFile(first.file, '// cached\n');
  const second = await transpileTs({ source: SOURCE, name: 'probe', cacheDir });
  t.same(second, first);
  t.equal(await readFile(first.file, 'utf8'), '// cached\n', 'not transpiled again');
  const other = await transpileTs({ source: `${SOURCE}\n// changed\n`, name: 'probe', cacheDir });
  t.ok(other.ok && other.file !== first.file, 'another source gets another file');
});

t.test('parallel builds agree and leave no temp files', async (t) => {
  const cacheDir = t.testdir();
  const results = await Promise.all(Array.from({ length: 6 }, () => transpileTs({ source: SOURCE, name: 'probe', cacheDir })));
  t.equal(new Set(results.map((r) => (r.ok ? r.file : r.reason))).size, 1);
  t.same(await readdir(cacheDir), [(results[0] as { file: string }).file.split('/').pop()]);
});

t.test('a syntax error comes back as a reason, not a throw', async (t) => {
  const cacheDir = t.testdir();
  const result = await transpileTs({ source: 'export const x = ;\n', name: 'broken', cacheDir });
  t.match(result, { ok: false, reason: /^cannot transpile broken: Expression expected/ });
  t.same(await readdir(cacheDir), [], 'nothing cached');
});

t.test('an unwritable cache dir comes back as a reason', async (t) => {
  const dir = t.testdir({ file: 'not a directory' });
  const result = await transpileTs({ source: SOURCE, name: 'probe', cacheDir: `${dir}/file/cache` });
  t.match(result, { ok: false, reason: /^cannot write / });
});
