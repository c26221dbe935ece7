// The Rust runtime: two cargo packages, two programs. The idiomatic agent is std::net (std/: the library every Rust
// program speaks through, src/lib.rs, and the agent, src/main.rs; no dependency at all, so it builds offline with an
// empty registry); the program `tokio` is tokio's TcpListener/TcpStream (tokio/, which depends on std/'s library by
// path and on tokio, pinned by its Cargo.lock). A cargo feature would not do: cargo resolves optional dependencies
// too, so with no registry even the std build failed ("no matching package named `tokio`", measured here).
//
// Each is built once per (its sources, cargo and rustc versions) into the cache with buildCached; cargo's target
// folder is shared in the cache (rust-target), so a change of sources rebuilds only what changed. Where tokio's
// crates cannot be had (no network, a failed fetch), only the tokio program is unavailable: it is then the std
// binary started with `--unavailable tokio <reason>`, which answers every request it can read as unsupported with
// that reason (a skip), since a runtime's programs have no availability of their own in the adapter contract.
//
// Start-up to hello, measured here (harness/bench measure-startup, 2 shared cores at load average 15-20): medians of
// 20 starts, std 13.5 ms and tokio 5.6 ms in one bench; interleaved rounds gave 7-13 ms and 11-18 ms, so the gap is
// the machine's noise: both are native binaries with nothing to load (tokio's current-thread runtime is built lazily).
import { constants, readdirSync } from 'node:fs';
import { access, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { AgentCommand, Prepared, ProgramVariant, RuntimeAdapter } from '../../harness/adapters/adapter.ts';
import { commandOutput, searchDirs } from '../../harness/adapters/find-executables.ts';
import { buildCached } from '../../harness/toolchain/build-cached.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EXE = process.platform === 'win32' ? '.exe' : '';
/** A package's build inputs: its manifest, lock and build script, and every .rs under src (any change is a new build). */
const packageFiles = (dir: string): string[] => [
  ...['Cargo.toml', 'Cargo.lock', 'build.rs'].map((f) => path.join(HERE, dir, f)),
  ...readdirSync(path.join(HERE, dir, 'src')).filter((f) => f.endsWith('.rs')).map((f) => path.join(HERE, dir, 'src', f)),
];
/** std/: the library (shared by both programs) and the std agent. */
const STD = packageFiles('std');

/** The two builds: the std agent needs no crate (--offline); tokio's may fetch its crates once. */
const BUILDS = {
  std: { bin: 'rust-agent', dir: 'std', inputs: STD, flags: ['--offline'] },
  tokio: { bin: 'tokio-agent', dir: 'tokio', inputs: [...STD, ...packageFiles('tokio')], flags: [] },
} as const;

const programs: ProgramVariant[] = [
  { name: 'tokio', description: "tokio's TcpListener/TcpStream (AsyncReadExt/AsyncWriteExt, tokio::time::timeout, set_zero_linger)" },
];

/** rustup's default home for cargo when its bin folder is not on PATH. */
const cargoHomeBin = (): string => path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'), 'bin');

const isExecutable = (file: string): Promise<boolean> => access(file, constants.X_OK).then(() => true, () => false);

/**
 * Every `name` found in `dirs`, in order, as the path found: rustup's cargo and rustc are links to one rustup binary
 * that reads its own name, so a link must not be resolved (findExecutables resolves them, and would find rustup).
 */
const findLinks = async (name: string, dirs: string[]): Promise<string[]> => {
  const found: string[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, name + EXE);
    if (!found.includes(file) && (await isExecutable(file))) found.push(file);
  }
  return found;
};

/** Every cargo found (node_modules/.bin, PATH, then cargo's home), the default first. */
const executables = async (): Promise<string[]> => findLinks('cargo', [...searchDirs(), cargoHomeBin()]);

const build = (cargo: string, rustc: string, cacheDir: string, which: keyof typeof BUILDS) => async (outDir: string, signal: AbortSignal): Promise<string | null> => {
  const { bin, dir, flags } = BUILDS[which];
  const target = path.join(cacheDir, 'rust-target');
  const r = await execa(cargo, ['build', '--release', '--locked', ...flags], {
    cwd: path.join(HERE, dir), env: { CARGO_TARGET_DIR: target, RUSTC: rustc, CARGO_NET_RETRY: '2', CARGO_TERM_COLOR: 'never' },
    reject: false, cancelSignal: signal, stdin: 'ignore', all: true, cleanup: false,
  });
  if (r.exitCode !== 0) {
    const out = String(r.all ?? r.shortMessage).trim().split('\n').filter((l) => !/^\s*(Compiling|Downloaded|Downloading|Updating|Locking)\b/.test(l));
    return `\`cargo build --release --locked${flags.map((f) => ` ${f}`).join('')}\` in runtimes/rust/${dir} failed: ${out.join(' | ').slice(0, 600)}`;
  }
  await copyFile(path.join(target, 'release', bin + EXE), path.join(outDir, bin + EXE));
  return null;
};

// Never throws: a missing cargo or rustc, or a failed std build, is `available: false`; a failed tokio build only stands the tokio program in.
const prepare = async ({ cacheDir, executable }: { cacheDir: string; executable?: string }): Promise<Prepared> => {
  try {
    const cargo = executable ?? (await executables())[0];
    if (cargo === undefined) return { available: false, reason: `no cargo found (looked in ${[...searchDirs(), cargoHomeBin()].join(', ')})` };
    const cargoVersion = await commandOutput(cargo, ['--version']);
    if (!cargoVersion.ok) return { available: false, reason: cargoVersion.reason };
    // rustup installs rustc beside cargo; a cargo without one there uses the rustc on PATH, as cargo itself would.
    const rustc = (await findLinks('rustc', [path.dirname(cargo), ...searchDirs()]))[0];
    if (rustc === undefined) return { available: false, reason: `cargo ${cargo} found, but no rustc beside it or on PATH` };
    const rustcVersion = await commandOutput(rustc, ['--version']);
    if (!rustcVersion.ok) return { available: false, reason: rustcVersion.reason };
    const match = /^rustc (\d+\.\d+\.\d+\S*)/.exec(rustcVersion.text);
    if (match === null) return { available: false, reason: `\`${rustc} --version\` printed ${JSON.stringify(rustcVersion.text.slice(0, 120))}, not a rustc version` };
    const toolchain = `${cargoVersion.text}\n${rustcVersion.text}`;
    const built = async (which: keyof typeof BUILDS) =>
      buildCached({ name: BUILDS[which].bin, cacheDir, inputs: [...BUILDS[which].inputs], toolchain, build: build(cargo, rustc, cacheDir, which) });
    // One after the other: both share cargo's target folder (and its lock), and the machine's cores.
    const std = await built('std');
    if (!std.ok) return { available: false, reason: std.reason };
    const tokio = await built('tokio');
    const stdBinary = path.join(std.dir, `rust-agent${EXE}`);
    const command = (program?: string | null): AgentCommand => {
      if (program === null || program === undefined) return { file: stdBinary, args: [] };
      if (program !== 'tokio') throw new Error(`the rust runtime has no program "${program}" (it has: ${programs.map((p) => p.name).join(', ')})`);
      if (tokio.ok) return { file: path.join(tokio.dir, `tokio-agent${EXE}`), args: [] };
      return { file: stdBinary, args: ['--unavailable', 'tokio', `the tokio program could not be built: ${tokio.reason}`] };
    };
    return { available: true, version: match[1]!, executable: cargo, command };
  } catch (error) {
    return { available: false, reason: `cannot prepare rust: ${(error as Error).message.split('\n')[0]}` };
  }
};

/** Rust's std::net and, as the program `tokio`, tokio's net types. */
const adapter: RuntimeAdapter = {
  name: 'rust',
  description: "Rust's std::net (TcpListener::bind, TcpStream::connect_timeout, set_read_timeout)",
  prepare,
  executables,
  programs,
};

export default adapter;
