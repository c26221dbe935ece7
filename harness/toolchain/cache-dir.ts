// Where built agents live between runs: inside node_modules when there is one, so a clean install clears it.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const usable = (dir: string): boolean => {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The build cache folder (created if missing): node_modules/.cache/sockspec, else (no
 * node_modules, or one this user may not write, as when root installed it) a per-user temp
 * folder, so two users never share, or fight over, binaries.
 */
export const defaultCacheDir = (): string => {
  const modules = path.join(projectRoot, 'node_modules');
  const inModules = path.join(modules, '.cache', 'sockspec');
  if (existsSync(modules) && usable(inModules)) return inModules;
  const dir = path.join(os.tmpdir(), `sockspec-cache-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
