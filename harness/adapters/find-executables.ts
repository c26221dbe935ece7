// Finds a runtime's executables: the project's node_modules/.bin first (Deno and Bun ship on npm), then PATH.
import { constants } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { projectRoot } from '../toolchain/project-root.ts';

const isExecutable = async (file: string): Promise<boolean> => {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Where executables are looked for, in order: node_modules/.bin of the project, then each PATH entry. */
export const searchDirs = (env: NodeJS.ProcessEnv = process.env): string[] =>
  [path.join(projectRoot, 'node_modules', '.bin'), ...(env.PATH ?? '').split(path.delimiter).filter((d) => d !== '')];

/**
 * Every distinct executable with one of `names`, in search order; links are resolved so the
 * same binary found twice (a .bin link and a PATH entry) counts once.
 */
export const findExecutables = async (names: string[], dirs: string[] = searchDirs(), platform: NodeJS.Platform = process.platform): Promise<string[]> => {
  const found: string[] = [];
  const seen = new Set<string>();
  // Windows: only real executables. npm's .cmd and extensionless shims need a shell to start,
  // and agents are spawned without one.
  const exts = platform === 'win32' ? ['.exe'] : [''];
  for (const dir of dirs) {
    for (const name of names) {
      for (const ext of exts) {
        const file = path.join(dir, name + ext);
        if (!(await isExecutable(file))) continue;
        const real = await realpath(file).catch(() => file);
        if (seen.has(real)) continue;
        seen.add(real);
        found.push(real);
      }
    }
  }
  return found;
};

/** What `file args` prints (stdout, trimmed), or the reason it could not be run; never throws. */
export const commandOutput = async (file: string, args: string[], timeoutMs = 10_000): Promise<{ ok: true; text: string } | { ok: false; reason: string }> => {
  try {
    const r = await execa(file, args, { timeout: timeoutMs, reject: false, stdin: 'ignore' });
    // No exit code: it never started (ENOENT, EACCES); execa's short message names the cause.
    if (r.exitCode === undefined && r.signal === undefined) return { ok: false, reason: `cannot run ${file}: ${String(r.shortMessage ?? r.message).split('\n')[0]}` };
    if (r.timedOut) return { ok: false, reason: `\`${file} ${args.join(' ')}\` did not answer within ${timeoutMs} ms` };
    if (r.exitCode !== 0) return { ok: false, reason: `\`${file} ${args.join(' ')}\` exited ${r.exitCode ?? r.signal}: ${String(r.stderr).trim().split('\n')[0] ?? ''}` };
    return { ok: true, text: String(r.stdout).trim() };
  } catch (error) {
    return { ok: false, reason: `cannot run ${file}: ${(error as Error).message.split('\n')[0]}` };
  }
};
