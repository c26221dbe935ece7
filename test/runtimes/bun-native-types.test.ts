// runtimes/bun/native-agent.ts is left out of the root tsconfig.json (it uses Bun's globals, which
// @types/node lacks); it declares the Bun API surface it uses itself, and is type-checked here
// with the root's compiler options through runtimes/bun/tsconfig.json.
// Runs beside another file: a type checker's verdict, nothing timed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import t from 'tap';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

t.test('native-agent.ts type-checks against its own declaration of Bun', async (t) => {
  const r = await execa(path.join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', 'runtimes/bun'], { cwd: root, reject: false });
  t.equal(r.exitCode, 0, 'tsc --noEmit -p runtimes/bun', { found: `${r.stdout}\n${r.stderr}`.trim() });
  const listed = await execa(path.join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', 'runtimes/bun', '--listFilesOnly'], { cwd: root, reject: false });
  t.match(listed.stdout, /runtimes\/bun\/native-agent\.ts/, 'and the check does include the agent');
});
