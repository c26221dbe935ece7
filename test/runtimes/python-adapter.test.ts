// The Python adapter: it finds interpreters, starts the real binary (never a pyenv-style shim),
// refuses a Python older than 3.8, and reports a missing or broken one as unavailable, never a throw.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import adapter from '../../runtimes/python/adapter.ts';

const cacheDir = os.tmpdir();
const prepared = await adapter.prepare({ cacheDir });
const skip = prepared.available ? false : `python is not available: ${prepared.reason}`;

const tempDir = async (t: Pick<typeof import('tap').default, 'teardown'>): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sockspec-python-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

const script = async (dir: string, name: string, body: string): Promise<string> => {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
};

const isScript = async (file: string): Promise<boolean> => (await readFile(file)).subarray(0, 2).toString('latin1') === '#!';

t.test('executables: real interpreters, distinct, the default first', { skip }, async (t) => {
  if (!prepared.available) return;
  const found = await adapter.executables!();
  t.ok(found.length > 0, 'at least one interpreter is found');
  t.equal(found[0], prepared.executable, 'the default is the first one listed');
  t.equal(new Set(found).size, found.length, 'no interpreter is listed twice');
  for (const file of found) {
    t.ok(path.isAbsolute(file), `${file} is an absolute path`);
    t.notOk(await isScript(file), `${file} is a binary, not a #! script (a shim)`);
  }
});

t.test('prepare: the command starts the reported interpreter with the agent', { skip }, async (t) => {
  if (!prepared.available) return;
  const command = prepared.command();
  t.equal(command.file, prepared.executable, 'the command runs the executable it reports');
  t.equal(path.basename(command.args.at(-1) ?? ''), 'agent.py', 'the agent script is the last argument');
  t.ok(command.args.includes('-I'), 'isolated mode (-I): no PYTHON* variables, no user site', { found: command.args });
  const r = await execa(command.file, ['-c', 'import sys; print(sys.version.split()[0])'], { reject: false });
  t.equal(r.stdout.trim(), prepared.version, 'version is what the interpreter says');
});

t.test('prepare: a shim is resolved to the interpreter it runs', { skip }, async (t) => {
  if (!prepared.available || prepared.executable === undefined) return;
  const dir = await tempDir(t);
  const shim = await script(dir, 'python3', `exec "${prepared.executable}" "$@"`);
  const p = await adapter.prepare({ cacheDir, executable: shim });
  t.equal(p.available && p.executable, prepared.executable, 'the shim gives way to the real binary');
  t.equal(p.available && p.command().file, prepared.executable, 'and the agent command starts that binary');
});

t.test('prepare: too old, broken or missing is available: false with a reason', async (t) => {
  const dir = await tempDir(t);
  const old = await script(dir, 'python3', 'printf "%s\\n" /usr/bin/python2.7 2.7.18 "2 7"');
  const p = await adapter.prepare({ cacheDir, executable: old });
  t.equal(p.available, false, 'Python 2.7 is not available');
  t.match(!p.available && p.reason, /2\.7\.18.*3\.8 or later/, 'the reason names the version found and the one needed');

  const broken = await script(dir, 'python3.9', 'echo "pyenv: python3.9: command not found" >&2; exit 127');
  const b = await adapter.prepare({ cacheDir, executable: broken });
  t.equal(b.available, false, 'a shim for a version that is not installed is not available');
  t.match(!b.available && b.reason, /127/, 'the reason says how it failed');

  const missing = await adapter.prepare({ cacheDir, executable: path.join(dir, 'no-such-python') });
  t.equal(missing.available, false, 'a path that does not exist is not available');
});

t.test('prepare: no python anywhere names where it looked', async (t) => {
  const saved = process.env.PATH;
  const dir = await tempDir(t);
  process.env.PATH = dir;
  t.teardown(() => {
    process.env.PATH = saved;
  });
  const p = await adapter.prepare({ cacheDir });
  // node_modules/.bin is searched too; a python there would be found, and that is fine.
  if (p.available) return;
  t.match(p.reason, dir, 'the reason lists the PATH entries searched');
});
