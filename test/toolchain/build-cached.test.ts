// Builds cached by inputs and toolchain: a real build command (sh), run once, again on a change, failures as data.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { buildCached } from '../../harness/toolchain/build-cached.ts';

t.test('built once per inputs and toolchain; a change builds again; a failure is the reason', async (t) => {
  const dir = t.testdir({ 'src.txt': 'one' });
  const cacheDir = path.join(dir, 'cache');
  const src = path.join(dir, 'src.txt');
  let builds = 0;
  const build = async (out: string, signal: AbortSignal): Promise<string | null> => {
    builds++;
    const r = await execa('sh', ['-c', 'cp "$1" "$2/out.txt"', 'sh', src, out], { reject: false, cancelSignal: signal });
    return r.failed ? (r.shortMessage ?? 'the copy failed') : null;
  };
  const first = await buildCached({ name: 'x', cacheDir, inputs: [src], toolchain: 'tool 1', build });
  t.ok(first.ok);
  if (!first.ok) return;
  t.equal(await readFile(path.join(first.dir, 'out.txt'), 'utf8'), 'one');
  t.same(await buildCached({ name: 'x', cacheDir, inputs: [src], toolchain: 'tool 1', build }), first, 'cached');
  t.equal(builds, 1);
  const other = await buildCached({ name: 'x', cacheDir, inputs: [src], toolchain: 'tool 2', build });
  t.ok(other.ok && other.dir !== first.dir, 'another toolchain, another build');
  await writeFile(src, 'two');
  const changed = await buildCached({ name: 'x', cacheDir, inputs: [src], toolchain: 'tool 1', build });
  t.ok(changed.ok && changed.dir !== first.dir, 'changed sources, another build');
  t.equal(builds, 3);
  const failed = await buildCached({ name: 'y', cacheDir, inputs: [src], toolchain: 'tool 1', build: async () => 'no compiler here' });
  t.same(failed, { ok: false, reason: 'no compiler here' });
  const missing = await buildCached({ name: 'z', cacheDir, inputs: [path.join(dir, 'nope')], toolchain: 't', build });
  t.match(missing, { ok: false, reason: /^cannot read the sources of z: .*ENOENT/ });
});

t.test('a build that runs out of time is cancelled and reported, and nothing is cached', async (t) => {
  const dir = t.testdir({ 'src.txt': 'one' });
  const cacheDir = path.join(dir, 'cache');
  let ended: Promise<string> | undefined;
  const r = await buildCached({
    name: 'slow', cacheDir, inputs: [path.join(dir, 'src.txt')], toolchain: 't', timeoutMs: 200,
    build: async (_out, signal) => {
      // A build that never finishes by itself: only the cancel ends it.
      const p = execa('sh', ['-c', 'read never'], { reject: false, cancelSignal: signal, stdin: 'pipe' });
      ended = p.then((x) => (x.isCanceled ? 'cancelled' : 'exited'));
      await p;
      return 'unreachable';
    },
  });
  t.same(r, { ok: false, reason: 'the build of slow took longer than 200 ms' });
  const again = await buildCached({ name: 'slow', cacheDir, inputs: [path.join(dir, 'src.txt')], toolchain: 't', build: async () => null });
  t.ok(again.ok, 'the next build is not mistaken for cached: it builds');
  t.equal(await ended, 'cancelled', 'the tool was cancelled');
});
