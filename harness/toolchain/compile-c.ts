// Builds a C program once per (source, flags, compiler) and caches the binary; "cannot build" is data, not a throw.
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A build of one of our C files takes well under a second; a minute means the compiler is stuck. */
const COMPILE_TIMEOUT_MS = 60_000;
import { execa } from 'execa';
import { buildStarted } from './build-watch.ts';

/** The flags the agents are written against (gnu11, warnings on). */
export const DEFAULT_C_FLAGS = ['-std=gnu11', '-O2', '-Wall', '-Wextra'];

export interface CompileOptions {
  /** Path of the .c file. */
  source: string;
  /** Stem of the cached binary's file name. */
  name: string;
  cacheDir: string;
  flags?: string[];
  /** Headers the source includes: their text is part of the build's key, so an edit rebuilds. */
  includes?: string[];
  /** Where the program will run; process.platform when absent (a parameter so the decision is testable). */
  platform?: NodeJS.Platform;
}

/** A built (or cached) binary and the compiler's `--version` first line, or why there is none. */
export type CompileResult = { ok: true; binary: string; compiler: string } | { ok: false; reason: string };

const STDERR_LINES = 20;

const isExecutable = async (file: string): Promise<boolean> => {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
};

const onPath = async (name: string): Promise<string | undefined> => {
  if (name.includes('/')) return (await isExecutable(name)) ? name : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir !== '' && (await isExecutable(path.join(dir, name)))) return path.join(dir, name);
  }
  return undefined;
};

// An explicit $CC is the user's choice: if it is missing we say so rather than quietly use another.
const findCompiler = async (): Promise<{ file: string } | { reason: string }> => {
  const cc = process.env.CC?.trim();
  if (cc) {
    const file = await onPath(cc);
    return file ? { file } : { reason: `$CC is "${cc}", which is not an executable file or on PATH` };
  }
  for (const name of ['cc', 'gcc', 'clang']) {
    const file = await onPath(name);
    if (file) return { file };
  }
  return { reason: 'no C compiler found (looked for $CC, cc, gcc, clang)' };
};

const firstLines = (text: string, count: number): string => text.split('\n').slice(0, count).join('\n');

// The C programs (agent, capture, inject) are written against POSIX sockets (sys/socket.h, poll,
// fcntl); Windows has Winsock instead, so there is nothing a compiler found there could build.
const WINDOWS_REASON = 'the C programs use POSIX sockets (sys/socket.h, poll, fcntl), which Windows lacks (it has Winsock): not built on win32';

/** Compiles `source` into `cacheDir` unless an identical build is already there; safe to call in parallel. */
export const compileC = async (opts: CompileOptions): Promise<CompileResult> => {
  if ((opts.platform ?? process.platform) === 'win32') return { ok: false, reason: WINDOWS_REASON };
  const flags = opts.flags ?? DEFAULT_C_FLAGS;
  const found = await findCompiler();
  if ('reason' in found) return { ok: false, reason: found.reason };

  // Bounded: a compiler that hangs (a stuck cc1 was seen here) must not stall every run silently.
  const version = await execa(found.file, ['--version'], { reject: false, timeout: 10_000 });
  if (version.failed) return { ok: false, reason: `${found.file} --version failed: ${version.shortMessage}` };
  const compiler = version.stdout.split('\n')[0]?.trim() || found.file;

  let text: string;
  try {
    text = (await Promise.all([opts.source, ...(opts.includes ?? [])].map((f) => readFile(f, 'utf8')))).join('\0');
  } catch (error) {
    return { ok: false, reason: `cannot read ${opts.source}: ${(error as Error).message}` };
  }
  // NUL separators so no two different inputs hash alike by running into each other.
  const key = createHash('sha256').update([text, flags.join(' '), compiler].join('\0')).digest('hex');
  const binary = path.join(opts.cacheDir, `${opts.name}-${key.slice(0, 16)}`);
  if (await isExecutable(binary)) return { ok: true, binary, compiler };

  await mkdir(opts.cacheDir, { recursive: true });
  // Each caller builds under its own temp name; rename(2) then swaps the finished file in atomically.
  const temp = `${binary}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const ended = buildStarted({ name: opts.name, tool: path.basename(found.file) });
  const build = await execa(found.file, [...flags, '-o', temp, opts.source], { reject: false, timeout: COMPILE_TIMEOUT_MS }).finally(ended);
  if (build.failed) {
    await rm(temp, { force: true });
    const output = (build.stderr || build.stdout || build.shortMessage || `exit code ${build.exitCode}`).trim();
    const cc = path.basename(found.file);
    return { ok: false, reason: `${cc} could not compile ${opts.source}:\n${firstLines(output, STDERR_LINES)}` };
  }
  await rename(temp, binary);
  return { ok: true, binary, compiler };
};
