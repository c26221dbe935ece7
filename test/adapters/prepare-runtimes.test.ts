import t from 'tap';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import type { RuntimeAdapter } from '../../harness/adapters/adapter.ts';
import { prepareAll, prepareOne, prepareSelector } from '../../harness/adapters/prepare-runtimes.ts';
import { parseSelector, type RuntimeSelector } from '../../harness/adapters/runtime-selector.ts';
import twins from '../fixtures/versioned-runtimes/twins/adapter.ts';

const cacheDir = defaultCacheDir();
const sel = (text: string): RuntimeSelector => parseSelector(text) as RuntimeSelector;
const columns = async (text: string): Promise<string[]> => (await prepareSelector(sel(text), twins, cacheDir)).map((p) => `${p.column} ${p.available ? p.version : `- ${p.reason}`}`);

t.test('the default keeps the plain name as its column', async (t) => {
  t.same(await columns('twins'), ['twins v1.0.0']);
});

t.test('@* is every version found, each its own column', async (t) => {
  t.same(await columns('twins@*'), ['twins@1.0.0 v1.0.0', 'twins@2.0.0 v2.0.0']);
});

t.test('@VERSION picks the version by whole components; one not found says what was', async (t) => {
  t.same(await columns('twins@2'), ['twins@2.0.0 v2.0.0']);
  t.same(await columns('twins@3'), ['twins@3 - no twins 3 was found here; found: 1.0.0 (/twins/one/twins), 2.0.0 (/twins/two/twins)']);
});

t.test('@PATH prepares that executable', async (t) => {
  t.same(await columns('twins@/twins/two/twins'), ['twins@2.0.0 v2.0.0']);
  t.same(await columns('twins@/nowhere/twins'), ['twins@/nowhere/twins - /nowhere/twins is not a twins executable']);
});

t.test('an adapter that throws is unavailable with the reason, never a throw', async (t) => {
  const broken: RuntimeAdapter = { name: 'broken', description: 'd', prepare: async () => { throw new Error('boom\nstack'); } };
  const p = await prepareOne(broken, cacheDir);
  t.same({ available: p.available, reason: p.reason }, { available: false, reason: 'the broken adapter failed to prepare: boom' });
  t.same((await prepareAll(broken, cacheDir)).length, 1, 'no executables(): the default only');
});
