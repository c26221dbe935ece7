// The Deno agent is left out of the root tsconfig.json (its types are Deno's, not Node's): here it is
// type-checked for real, by `deno check` against the Deno it runs under. No deno here is a skip.
// Runs beside another file: a type checker's verdict, nothing timed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import t from 'tap';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';
import adapter from '../../runtimes/deno/adapter.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const agent = path.join(root, 'runtimes', 'deno', 'agent.ts');
const cacheDir = defaultCacheDir();
const prepared = await adapter.prepare({ cacheDir });
const skip = prepared.available ? false : `deno is not available: ${prepared.reason}`;

t.test('deno check runtimes/deno/agent.ts', { skip }, async (t) => {
  if (!prepared.available || prepared.executable === undefined) return;
  // The agent's local imports (the shared control channel, the protocol's spec) are checked with it, against Deno's types; nothing remote.
  const r = await execa(prepared.executable, ['check', '--no-config', '--no-lock', '--no-remote', '--no-npm', agent], {
    cwd: root, reject: false, timeout: 120_000, env: { DENO_DIR: path.join(cacheDir, 'deno'), NO_COLOR: '1' },
  });
  t.equal(r.exitCode, 0, 'the agent type-checks against Deno\'s own types', { found: `${r.stdout}\n${r.stderr}`.trim() });
});

t.test('the adapter runs the real deno binary with its reported version', { skip }, async (t) => {
  if (!prepared.available) return;
  const command = prepared.command();
  t.notMatch(path.basename(command.file), /\.c?js$/, 'not the npm package\'s node wrapper (bin.cjs)', { found: command.file });
  t.equal(command.file, prepared.executable, 'the command runs the executable it reports');
  const r = await execa(command.file, ['--version'], { reject: false });
  t.match(r.stdout, new RegExp(`^deno ${prepared.version.replace(/\./g, '\\.')} `), 'version is what `deno --version` says', { found: r.stdout });
  t.ok(command.args.some((a) => a.startsWith('--allow-net=')) && !command.args.includes('--allow-all') && !command.args.includes('-A'),
    'the agent runs with a scoped --allow-net and no blanket permission', { found: command.args });
});
