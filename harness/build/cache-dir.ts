// Where built agents live between runs: inside node_modules when there is one, so a clean install clears it.
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The build cache folder (created if missing): node_modules/.cache/sockspec, else a per-user temp folder. */
export const defaultCacheDir = (): string => {
  const modules = path.join(projectRoot, 'node_modules');
  // A per-user name in the shared temp folder, so two users never share (or fight over) binaries.
  const dir = existsSync(modules)
    ? path.join(modules, '.cache', 'sockspec')
    : path.join(os.tmpdir(), `sockspec-cache-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
