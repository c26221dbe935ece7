// The build cache's folder: outside node_modules (npm ci wipes it), overridable, and never one this user cannot write.
import { statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { cacheDirCandidates, defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';

t.test('the order: $SOCKSPEC_CACHE_DIR, $XDG_CACHE_HOME/sockspec, ~/.cache/sockspec, a per-user temp folder', async (t) => {
  const base = { home: '/home/u', tmp: '/tmp', uid: 1000 };
  t.same(cacheDirCandidates({ ...base, env: {} }), ['/home/u/.cache/sockspec', '/tmp/sockspec-cache-1000']);
  t.same(cacheDirCandidates({ ...base, env: { XDG_CACHE_HOME: '/c', SOCKSPEC_CACHE_DIR: '/s' } }), ['/s', '/c/sockspec', '/home/u/.cache/sockspec', '/tmp/sockspec-cache-1000']);
  t.same(cacheDirCandidates({ ...base, env: { XDG_CACHE_HOME: 'relative' } }), ['/home/u/.cache/sockspec', '/tmp/sockspec-cache-1000'], 'a relative XDG_CACHE_HOME is ignored, as the XDG spec says');
  t.same(cacheDirCandidates({ ...base, home: '', env: {} }), ['/tmp/sockspec-cache-1000'], 'no home: the temp folder');
});

t.test('the first folder this user can write is made and used', async (t) => {
  const dir = t.testdir();
  // A folder under a regular file cannot be made, even by root.
  writeFileSync(path.join(dir, 'file'), '');
  const inputs = { env: { SOCKSPEC_CACHE_DIR: path.join(dir, 'file', 'asked') }, home: dir, tmp: path.join(dir, 'tmp'), uid: 7 };
  t.equal(defaultCacheDir(inputs), path.join(dir, '.cache', 'sockspec'), 'an unusable $SOCKSPEC_CACHE_DIR falls through to ~/.cache');
  t.ok(statSync(path.join(dir, '.cache', 'sockspec')).isDirectory(), 'and it was made');
  t.equal(defaultCacheDir({ ...inputs, env: { SOCKSPEC_CACHE_DIR: path.join(dir, 'asked') } }), path.join(dir, 'asked'));
  t.equal(defaultCacheDir({ ...inputs, env: {}, home: path.join(dir, 'file') }), path.join(dir, 'tmp', 'sockspec-cache-7'), 'an unwritable home: the temp folder');
});

t.test('the process default lies outside node_modules, so npm ci keeps the builds', async (t) => {
  const { SOCKSPEC_CACHE_DIR: _asked, ...env } = process.env;
  t.notMatch(defaultCacheDir({ env, home: os.homedir(), tmp: os.tmpdir(), uid: 0 }), /node_modules/);
});
