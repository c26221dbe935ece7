// compileC against real tiny C programs and the real system compiler: build, cache hit, errors as data.
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { compileC } from '../../harness/toolchain/compile-c.ts';

const HELLO = '#include <stdio.h>\nint main(void) { puts("hello from c"); return 0; }\n';

// Each subtest that edits CC or PATH puts them back, so later subtests see the real environment.
const withEnv = (t: { teardown: (fn: () => void) => void }, env: Record<string, string | undefined>): void => {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(env);
  t.teardown(() => apply(saved));
};

t.test('builds once, then hits the cache', async (t) => {
  const dir = t.testdir({ 'hello.c': HELLO });
  const opts = { source: path.join(dir, 'hello.c'), name: 'hello', cacheDir: path.join(dir, 'cache') };

  let started = performance.now();
  const first = await compileC(opts);
  const firstMs = performance.now() - started;
  if (!first.ok) throw new Error(first.reason);
  t.match(path.basename(first.binary), /^hello-[0-9a-f]{16}$/);
  t.ok(first.compiler.length > 0, 'names the compiler');
  t.equal((await execa(first.binary)).stdout, 'hello from c');
  const builtAt = (await stat(first.binary)).mtimeMs;

  started = performance.now();
  const second = await compileC(opts);
  const secondMs = performance.now() - started;
  t.same(second, first, 'same binary path and compiler');
  t.equal((await stat(first.binary)).mtimeMs, builtAt, 'not rebuilt (mtime unchanged)');
  t.ok(secondMs < firstMs, `cache hit is faster (${secondMs.toFixed(1)} ms < ${firstMs.toFixed(1)} ms)`);
});

t.test('different flags make a different binary', async (t) => {
  const dir = t.testdir({ 'hello.c': HELLO });
  const base = { source: path.join(dir, 'hello.c'), name: 'hello', cacheDir: path.join(dir, 'cache') };
  const a = await compileC(base);
  const b = await compileC({ ...base, flags: ['-O0'] });
  t.ok(a.ok && b.ok);
  if (a.ok && b.ok) t.not(a.binary, b.binary);
});

t.test('an included header is part of the key: editing it rebuilds, and the binary has its new text', async (t) => {
  const dir = t.testdir({ 'greet.c': '#include <stdio.h>\n#include "greet.h"\nint main(void) { puts(GREETING); return 0; }\n', 'greet.h': '#define GREETING "one"\n' });
  const opts = { source: path.join(dir, 'greet.c'), name: 'greet', cacheDir: path.join(dir, 'cache'), includes: [path.join(dir, 'greet.h')] };
  const first = await compileC(opts);
  if (!first.ok) throw new Error(first.reason);
  t.equal((await execa(first.binary)).stdout, 'one');
  await writeFile(path.join(dir, 'greet.h'), '#define GREETING "two"\n');
  const second = await compileC(opts);
  if (!second.ok) throw new Error(second.reason);
  t.not(second.binary, first.binary, 'a new binary');
  t.equal((await execa(second.binary)).stdout, 'two', 'built from the edited header');
  // The control: without `includes` the header is not in the key, and the old build is taken.
  const without = await compileC({ ...opts, includes: undefined });
  t.ok(without.ok && without.binary !== second.binary, 'without includes the key differs (the header is not hashed)');
});

t.test('parallel callers share one binary and leave no temp files', async (t) => {
  const dir = t.testdir({ 'hello.c': HELLO });
  const opts = { source: path.join(dir, 'hello.c'), name: 'hello', cacheDir: path.join(dir, 'cache') };
  const results = await Promise.all([1, 2, 3, 4].map(() => compileC(opts)));
  const binaries = new Set(results.map((r) => (r.ok ? r.binary : r.reason)));
  t.equal(binaries.size, 1, 'one result for all');
  t.ok(results.every((r) => r.ok));
  t.same(await readdir(opts.cacheDir), [...binaries].map((b) => path.basename(b)));
});

t.test('a syntax error is a result carrying the compiler message', async (t) => {
  const dir = t.testdir({ 'broken.c': 'int main(void) { return 0 }\n' });
  const result = await compileC({ source: path.join(dir, 'broken.c'), name: 'broken', cacheDir: path.join(dir, 'cache') });
  t.equal(result.ok, false);
  if (!result.ok) {
    t.match(result.reason, /could not compile .*broken\.c/);
    t.match(result.reason, /broken\.c:1:\d+: error/, 'the compiler says where');
    t.ok(result.reason.split('\n').length <= 21, 'at most 20 lines of compiler output');
  }
  t.same(await readdir(path.join(dir, 'cache')), [], 'no binary and no temp file left');
});

t.test('CC naming a missing compiler says so', async (t) => {
  const dir = t.testdir({ 'hello.c': HELLO });
  const missing = path.join(dir, 'no-such-cc');
  withEnv(t, { CC: missing });
  const result = await compileC({ source: path.join(dir, 'hello.c'), name: 'hello', cacheDir: path.join(dir, 'cache') });
  t.same(result, { ok: false, reason: `$CC is "${missing}", which is not an executable file or on PATH` });
});

t.test('no compiler anywhere is a clear reason', async (t) => {
  const dir = t.testdir({ 'hello.c': HELLO, empty: {} });
  withEnv(t, { CC: undefined, PATH: path.join(dir, 'empty') });
  const result = await compileC({ source: path.join(dir, 'hello.c'), name: 'hello', cacheDir: path.join(dir, 'cache') });
  t.same(result, { ok: false, reason: 'no C compiler found (looked for $CC, cc, gcc, clang)' });
});
