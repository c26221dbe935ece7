import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { commandOutput, findExecutables } from '../../harness/adapters/find-executables.ts';

const tool = async (file: string, mode = 0o755): Promise<void> => {
  await writeFile(file, '#!/bin/sh\necho 1.2.3\n');
  await chmod(file, mode);
};

t.test('search order, links counted once, non-executables left out', async (t) => {
  const dir = t.testdir();
  const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
  await mkdir(a);
  await mkdir(b);
  await tool(path.join(a, 'rt'));
  await tool(path.join(b, 'rt'));
  await tool(path.join(b, 'rt2'), 0o644);
  await symlink(path.join(a, 'rt'), path.join(b, 'rt3'));
  t.same(await findExecutables(['rt', 'rt2', 'rt3'], [a, b], 'linux'), [path.join(a, 'rt'), path.join(b, 'rt')]);
});

t.test('on Windows only .exe files count: npm\'s .cmd and shell shims need a shell, and agents get none', async (t) => {
  const dir = t.testdir();
  for (const f of ['deno', 'deno.cmd', 'deno.exe']) await tool(path.join(dir, f));
  t.same(await findExecutables(['deno'], [dir], 'win32'), [path.join(dir, 'deno.exe')]);
  t.same(await findExecutables(['deno'], [dir], 'linux'), [path.join(dir, 'deno')]);
});

t.test('commandOutput: the text, or the reason, never a throw', async (t) => {
  const dir = t.testdir();
  await tool(path.join(dir, 'v'));
  t.same(await commandOutput(path.join(dir, 'v'), []), { ok: true, text: '1.2.3' });
  const missing = await commandOutput(path.join(dir, 'nope'), []);
  t.equal(missing.ok, false);
  if (!missing.ok) t.match(missing.reason, /^cannot run .*nope: .*ENOENT/, 'names the file and the cause');
});
