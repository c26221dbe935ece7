// Where built agents live between runs: the user's cache folder, so a clean install (npm ci) does not rebuild them.
import { accessSync, constants, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const usable = (dir: string): boolean => {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** What the cache folder is chosen from (the process's own by default; a test passes its own). */
export interface CacheDirInputs {
  env: NodeJS.ProcessEnv;
  home: string;
  tmp: string;
  uid: number | string;
}

/**
 * The folders to try, in order: $SOCKSPEC_CACHE_DIR; $XDG_CACHE_HOME/sockspec (absolute only, as the
 * XDG base directory spec says); ~/.cache/sockspec; else a per-user temp folder (no home, or one this
 * user may not write), so two users never share, or fight over, binaries. Every entry in it is keyed
 * by its sources and the toolchain's version and written by rename, so clones and runs can share it.
 */
export const cacheDirCandidates = ({ env, home, tmp, uid }: CacheDirInputs): string[] => {
  const asked = env.SOCKSPEC_CACHE_DIR?.trim();
  const xdg = env.XDG_CACHE_HOME?.trim();
  return [
    ...(asked ? [path.resolve(asked)] : []),
    ...(xdg && path.isAbsolute(xdg) ? [path.join(xdg, 'sockspec')] : []),
    ...(home && path.isAbsolute(home) ? [path.join(home, '.cache', 'sockspec')] : []),
    path.join(tmp, `sockspec-cache-${uid}`),
  ];
};

/** The build cache folder (created if missing): the first candidate this user can write. */
export const defaultCacheDir = (inputs: CacheDirInputs = { env: process.env, home: os.homedir(), tmp: os.tmpdir(), uid: process.getuid?.() ?? 'user' }): string => {
  const candidates = cacheDirCandidates(inputs);
  const last = candidates[candidates.length - 1]!;
  const found = candidates.slice(0, -1).find(usable);
  if (found !== undefined) return found;
  mkdirSync(last, { recursive: true });
  return last;
};
