// The Rust adapter: both programs are built once per toolchain into the cache (a second prepare reuses them), each
// says hello as what built it, a missing or failing cargo is unavailable with its reason, and where tokio's crates
// cannot be had the std agent still builds while the tokio program answers unsupported with the reason.
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import t from 'tap';
import adapter from '../../runtimes/rust/adapter.ts';
import type { AgentCommand } from '../../harness/adapters/adapter.ts';
import { defaultCacheDir } from '../../harness/toolchain/cache-dir.ts';

const RUST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'runtimes', 'rust');
// The project's cache, as a run uses it: a cold build of both programs takes ~30 s on 2 cores.
const cacheDir = defaultCacheDir();
const prepared = await adapter.prepare({ cacheDir });
const skip = prepared.available ? false : `rust is not available: ${prepared.reason}`;
const LISTEN = JSON.stringify({ id: 1, op: 'listen', as: 'l', host: '127.0.0.1', port: 0 });

type Tap = Pick<typeof t, 'teardown'>;

const tempDir = async (t: Tap): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sockspec-rust-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
};

/** Sets environment variables for one test, put back at its end. */
const withEnv = (t: Tap, vars: Record<string, string>): void => {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  t.teardown(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
};

/** The agent's lines for these requests, then stdin's EOF (bounded: an agent that hangs fails the test). */
const talk = async (command: AgentCommand, lines: string[]): Promise<{ lines: Record<string, unknown>[]; exitCode: number | undefined }> => {
  const r = await execa(command.file, command.args, { input: lines.map((l) => `${l}\n`).join(''), reject: false, timeout: 10_000 });
  return { lines: r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>), exitCode: r.exitCode };
};

t.test('prepare: each program says hello as the rustc (and tokio) that built it', { skip }, async (t) => {
  if (!prepared.available) return;
  const std = await talk(prepared.command(), []);
  t.match(std.lines[0], { hello: 'sockspec-agent', protocol: 1, runtime: 'rust', version: new RegExp(`^rustc ${prepared.version.replace(/\./g, '\\.')} `) }, 'the std agent: runtime rust, rustc version');
  t.equal(std.exitCode, 0, 'stdin EOF ends it with code 0');
  const tokio = await talk(prepared.command('tokio'), []);
  t.match(tokio.lines[0], { runtime: 'rust', version: /, tokio 1\.\d+\.\d+$/ }, 'the tokio program: runtime rust, with the tokio version Cargo.lock pins');
  t.not(prepared.command('tokio').file, prepared.command().file, 'the tokio program is a binary of its own');
  t.throws(() => prepared.command('tokyo'), /has no program "tokyo" \(it has: tokio\)/, 'an unknown program names the valid ones');
});

t.test('prepare: a second prepare reuses both cached builds', { skip }, async (t) => {
  if (!prepared.available) return;
  for (const program of [null, 'tokio']) {
    const binary = prepared.command(program).file;
    const before = await stat(binary);
    const again = await adapter.prepare({ cacheDir });
    t.equal(again.available && again.command(program).file, binary, `${program ?? 'std'}: the same binary`);
    const after = await stat(binary);
    t.strictSame([after.mtimeMs, after.ino], [before.mtimeMs, before.ino], `${program ?? 'std'}: not rebuilt (same mtime and inode)`);
  }
  t.notOk(existsSync(path.join(RUST_DIR, 'std', 'target')) || existsSync(path.join(RUST_DIR, 'tokio', 'target')), 'nothing is built into the repository');
});

t.test('prepare: no cargo anywhere is unavailable, naming where it looked', async (t) => {
  const empty = await tempDir(t);
  withEnv(t, { PATH: empty, CARGO_HOME: empty });
  const none = await adapter.prepare({ cacheDir: empty });
  t.equal(none.available, false, 'no cargo on PATH or in CARGO_HOME: unavailable');
  t.match(!none.available && none.reason, new RegExp(`^no cargo found \\(looked in .*${path.basename(empty)}`), 'the reason names where it looked');
});

t.test('prepare: a cargo whose build fails is unavailable with the tool\'s own words', async (t) => {
  const dir = await tempDir(t);
  const cargo = path.join(dir, 'cargo');
  await writeFile(cargo, '#!/bin/sh\nif [ "$1" = --version ]; then echo "cargo 1.95.0 (fake)"; exit 0; fi\necho "error: failed to parse manifest (fake)" >&2; exit 101\n');
  await chmod(cargo, 0o755);
  const failed = await adapter.prepare({ cacheDir: dir, executable: cargo });
  t.equal(failed.available, false, 'the std build failed: the runtime is unavailable');
  t.match(!failed.available && failed.reason, /runtimes\/rust\/std failed: error: failed to parse manifest \(fake\)/, 'the reason carries cargo\'s words');
});

t.test('prepare: with no crates to be had the std agent builds and only tokio is unsupported', { skip }, async (t) => {
  const dir = await tempDir(t);
  // An empty cargo home has no registry; offline, nothing can be fetched into it.
  withEnv(t, { CARGO_HOME: path.join(dir, 'cargo-home'), CARGO_NET_OFFLINE: 'true' });
  const offline = await adapter.prepare({ cacheDir: path.join(dir, 'cache') });
  t.equal(offline.available, true, 'the runtime is available: its std agent needs no crate');
  if (!offline.available) return;
  const std = await talk(offline.command(), [LISTEN]);
  t.match(std.lines[1], { id: 1, ok: true, value: { port: Number } }, 'the std agent listens (the control)');
  const tokio = await talk(offline.command('tokio'), [LISTEN, '{"id":2,"op":"close","sock":"l"}']);
  t.match(tokio.lines[0], { hello: 'sockspec-agent', runtime: 'rust' }, 'the tokio stand-in says hello');
  t.match(tokio.lines[1], { id: 1, ok: false, unsupported: /^the tokio program could not be built: .*tokio/ }, 'and answers the same listen unsupported, with the reason');
  t.match(tokio.lines[2], { id: 2, fault: /unknown socket/ }, 'a request naming no socket is still a fault');
  t.equal(tokio.exitCode, 0, 'it too ends on stdin EOF with code 0');
});
