// Builds an agent once per (its sources, the toolchain's version, the build command) into the cache; "cannot build" is data.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildStarted } from './build-watch.ts';

/** A compiled language's build of one small agent; go, cargo and javac take seconds, a cold cargo build of tokio about a minute. */
const DEFAULT_BUILD_TIMEOUT_MS = 300_000;

export interface BuildOptions {
  /** Stem of the cached folder's name ("go-agent"). */
  name: string;
  cacheDir: string;
  /** Every file the build reads (sources, Cargo.toml, Cargo.lock, go.mod, go.sum): any change is a new build. */
  inputs: string[];
  /** The toolchain's own version text (`go version`, `cargo --version`), part of the key: a new toolchain is a new build. */
  toolchain: string;
  /**
   * Runs the build into `outDir` (a fresh, empty folder); resolves to null on success or to the reason
   * it failed (the tool's output, cut short). `outDir` becomes the cached folder once the build succeeds.
   * `signal` aborts when the build runs out of time: pass it to the tool's spawn (execa's cancelSignal).
   */
  build(outDir: string, signal: AbortSignal): Promise<string | null>;
  /** Bound on the build, ms. */
  timeoutMs?: number;
}

/** The cached folder of a build, or why there is none. */
export type BuildResult = { ok: true; dir: string } | { ok: false; reason: string };

/** The key a build is cached under: its inputs' bytes and names, and the toolchain. */
export const buildKey = async (inputs: string[], toolchain: string): Promise<string> => {
  const hash = createHash('sha256').update(toolchain);
  for (const file of [...inputs].sort()) hash.update(`\0${path.basename(file)}\0`).update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
};

/** Builds unless an identical build is cached; safe to call from two runs at once (each builds apart, rename swaps one in). */
export const buildCached = async (o: BuildOptions): Promise<BuildResult> => {
  let key: string;
  try {
    key = await buildKey(o.inputs, o.toolchain);
  } catch (error) {
    return { ok: false, reason: `cannot read the sources of ${o.name}: ${(error as Error).message}` };
  }
  const dir = path.join(o.cacheDir, `${o.name}-${key}`);
  // The marker is written last, so a folder without it is a build that did not finish.
  if (existsSync(path.join(dir, '.built'))) return { ok: true, dir };
  const temp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(temp, { recursive: true });
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), o.timeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS);
  const ended = buildStarted({ name: o.name, tool: o.toolchain.split(/\s/)[0] ?? '' });
  try {
    const failed = await Promise.race([
      o.build(temp, deadline.signal),
      new Promise<string>((resolve) => deadline.signal.addEventListener('abort', () => resolve(`the build of ${o.name} took longer than ${o.timeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS} ms`))),
    ]);
    if (failed !== null) return { ok: false, reason: failed };
    await writeFile(path.join(temp, '.built'), `${o.toolchain}\n`);
    try {
      await rename(temp, dir);
    } catch (error) {
      // Another run finished the same build first: its folder serves.
      if (!existsSync(path.join(dir, '.built'))) throw error;
    }
    return { ok: true, dir };
  } finally {
    ended();
    clearTimeout(timer);
    await rm(temp, { recursive: true, force: true });
  }
};
