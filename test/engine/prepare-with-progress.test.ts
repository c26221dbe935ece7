// Setup told as it goes: a real C agent built into an empty cache says its build; the same cache again says none.
// Runs beside another file: a C build and what the progress says about it, nothing timed.
import t from 'tap';
import c from '../../runtimes/c/adapter.ts';
import type { RuntimeAdapter } from '../../harness/adapters/adapter.ts';
import type { Setup } from '../../harness/engine/run-observer.ts';
import { prepareWithProgress } from '../../harness/engine/prepare-with-progress.ts';
import { buildStarted, watchBuilds } from '../../harness/toolchain/build-watch.ts';

/** Every `preparing` call of one prepare, as data. */
const observe = async (selectors: string[], adapters: RuntimeAdapter[], cacheDir: string): Promise<Setup[]> => {
  const seen: Setup[] = [];
  const observer = { preparing: (s: Setup) => seen.push(structuredClone(s)), start() {}, result() {}, end() {} };
  await prepareWithProgress(selectors, adapters, cacheDir, observer);
  return seen;
};

/** An adapter that is ready at once: no build, nothing to wait on. */
const instant = (name: string): RuntimeAdapter => ({ name, description: 'ready at once', prepare: async () => ({ available: true, version: '1', command: () => ({ file: 'true', args: [] }) }) });

t.test('a cold cache: the C agent build is told as it starts and as it ends, between "waiting" and "ready"', async (t) => {
  const seen = await observe(['c'], [c], t.testdir());
  const runtimes = seen.map((s) => s.runtimes);
  t.same(seen.map((s) => s.phase), seen.map(() => 'runtimes'));
  t.same(runtimes[0], { total: 1, ready: 0, waiting: ['c'], building: [] }, 'first: what is asked for, nothing ready');
  t.match(runtimes[1], { ready: 0, waiting: ['c'], building: [/^c: c-agent \((cc|gcc|clang)\)$/] }, 'then the build, naming the compiler');
  t.same(runtimes[2], { total: 1, ready: 0, waiting: ['c'], building: [] }, 'the build ended');
  t.same(runtimes.at(-1), { total: 1, ready: 1, waiting: [], building: [] }, 'last: ready');
  t.equal(seen.length, 4);
});

t.test('negative control: a warm cache builds nothing, so no build is told', async (t) => {
  const cache = t.testdir();
  await observe(['c'], [c], cache);
  const again = await observe(['c'], [c], cache);
  t.same(again.map((s) => s.runtimes?.building), [[], []], 'two calls: asked, ready; no build in between');
});

t.test('several runtimes: each one ready is counted', async (t) => {
  const seen = await observe(['a', 'b'], [instant('a'), instant('b')], t.testdir());
  t.same(seen.map((s) => s.runtimes?.ready), [0, 1, 2]);
  t.same(seen.at(-1)?.runtimes?.waiting, []);
});

t.test('a build outside any watch tells no one, and a watch hears only its own work', async (t) => {
  const heard: string[] = [];
  buildStarted({ name: 'stray', tool: 'cc' })();
  await watchBuilds((b) => { heard.push(b.name); return () => heard.push(`${b.name} done`); }, async () => {
    await Promise.resolve();
    buildStarted({ name: 'mine', tool: 'cc' })();
  });
  t.same(heard, ['mine', 'mine done']);
});
