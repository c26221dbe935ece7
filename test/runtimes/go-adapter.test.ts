// The Go adapter: it builds the agent once per toolchain into the cache (a second prepare reuses
// the build), the agent it starts says hello as the Go it was built with, and a missing, broken
// or failing toolchain is unavailable with its reason, never a throw.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import adapter, { prepareGo } from '../../runtimes/go/adapter.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';

// The project's cache, as a run uses it: a cold build compiles package net and its dependencies (~35 s here).
const cacheDir = defaultCacheDir();
const prepared = await adapter.prepare({ cacheDir });
const skip = prepared.available ? false : `go is not available: ${prepared.reason}`;

const tempDir = async (t: Pick<typeof import('tap').default, 'teardown'>): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sockspec-go-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

// A stand-in `go`: answers `go version` with `version`, and `go build` with `build` (shell).
const fakeGo = async (dir: string, version: string, build: string): Promise<string> => {
  const file = path.join(dir, 'go');
  await writeFile(file, `#!/bin/sh\nif [ "$1" = version ]; then ${version}; exit $?; fi\n${build}\n`);
  await chmod(file, 0o755);
  return file;
};

t.test('prepare: the agent says hello as the Go that built it', { skip }, async (t) => {
  if (!prepared.available) return;
  const { stdout } = await execa(prepared.executable!, ['version']);
  t.match(stdout, `go${prepared.version} `, 'version is what `go version` says');
  const command = prepared.command();
  const agent = execa(command.file, command.args, { stdin: 'pipe', reject: false });
  agent.stdin!.end();
  const hello = JSON.parse((await agent).stdout.split('\n')[0]!);
  t.match(hello, { hello: 'sockspec-agent', protocol: 1, runtime: 'go', version: prepared.version }, 'hello names runtime go and the version');
  t.equal((await agent).exitCode, 0, 'stdin EOF ends it with code 0');
});

t.test('prepare: a second prepare reuses the cached build, keyed by `go version`', { skip }, async (t) => {
  if (!prepared.available) return;
  const binary = prepared.command().file;
  const before = await stat(binary);
  const again = await adapter.prepare({ cacheDir });
  t.equal(again.available && again.command().file, binary, 'the same binary');
  const after = await stat(binary);
  t.equal(after.mtimeMs, before.mtimeMs, 'not rebuilt (same mtime)');
  t.equal(after.ino, before.ino, 'not replaced (same inode)');
  const { stdout } = await execa(prepared.executable!, ['version']);
  t.match(await readFile(path.join(path.dirname(binary), '.built'), 'utf8'), stdout, 'the build is marked with the toolchain it came from');
  t.notOk(existsSync(path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'runtimes', 'go', 'agent', 'go-agent')), 'nothing is built into the repository');
});

t.test('prepare: a broken, failing or missing go is available: false with a reason', async (t) => {
  const dir = await tempDir(t);
  const garbage = await adapter.prepare({ cacheDir: dir, executable: await fakeGo(dir, 'echo hello', 'exit 0') });
  t.equal(garbage.available, false, 'a go whose version is not a version is not available');
  t.match(!garbage.available && garbage.reason, /not a Go version/, 'the reason says what it printed');

  const failing = await fakeGo(dir, 'echo "go version go1.21.0 linux/amd64"', 'echo "go: go.mod requires go >= 1.24 (running go 1.21.0; GOTOOLCHAIN=local)" >&2; exit 1');
  const old = await adapter.prepare({ cacheDir: dir, executable: failing });
  t.equal(old.available, false, 'a build that fails is not available');
  t.match(!old.available && old.reason, /go\.mod requires go >= 1\.24/, 'the reason carries the tool\'s own words');

  const missing = await adapter.prepare({ cacheDir: dir, executable: path.join(dir, 'no-such-go') });
  t.equal(missing.available, false, 'a path that does not exist is not available');
  t.match(!missing.available && missing.reason, /no-such-go/, 'the reason names it');
});

t.test('prepare: no go on PATH falls back to the well-known install, else is unavailable naming where it looked', async (t) => {
  const saved = process.env.PATH;
  const empty = await tempDir(t);
  process.env.PATH = empty;
  t.teardown(() => { process.env.PATH = saved; });
  const none = await prepareGo({ cacheDir: empty }, path.join(empty, 'no-such-install', 'go'));
  t.equal(none.available, false, 'no go on PATH and none installed: unavailable');
  t.match(!none.available && none.reason, /^no go found \(looked in .*no-such-install/, 'the reason names where it looked');
  if (prepared.available && prepared.executable !== undefined) {
    const fallback = await prepareGo({ cacheDir }, prepared.executable);
    t.equal(fallback.available && fallback.executable, prepared.executable, 'a go at the well-known place is found without PATH');
  }
});
