// Finds runtimes by scanning folders (runtimes/<name>/adapter.ts); a new runtime is one folder, never a registration.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { esModuleUrl } from '../case/es-module-url.ts';
import type { RuntimeAdapter } from './adapter.ts';

/** A runtime folder that could not be loaded, with the reason. */
export interface BrokenRuntime {
  name: string;
  reason: string;
}

/** A runtime folder that took the place of an earlier one of the same name (a user's `c` for the built-in). */
export interface StandIn {
  name: string;
  folder: string;
  replaced: string;
}

// The adapter may be TypeScript or JavaScript; an ES module either way (esModuleUrl).
const ADAPTER_FILES = ['adapter.ts', 'adapter.mts', 'adapter.js', 'adapter.mjs'];

const adapterFile = async (dir: string): Promise<string | null> => {
  for (const f of ADAPTER_FILES) if ((await stat(path.join(dir, f)).catch(() => null))?.isFile()) return path.join(dir, f);
  return null;
};

/** The stand-in, its description saying where it comes from (--list-runtimes shows it). */
const standingIn = (adapter: RuntimeAdapter, folder: string): RuntimeAdapter =>
  Object.assign(Object.create(adapter) as RuntimeAdapter, { description: `${adapter.description} (a stand-in from ${folder})` });

/**
 * Every adapter under the given folders, by name; a later folder's runtime of a name already
 * found stands in for it (its adapter and its expectations.ts), and is listed in `standIns`.
 */
export const discoverRuntimes = async (dirs: string[]): Promise<{ adapters: RuntimeAdapter[]; broken: BrokenRuntime[]; folders: Map<string, string>; standIns: StandIn[] }> => {
  const adapters: RuntimeAdapter[] = [];
  // Each adapter's folder, where its expectations.ts lives.
  const folders = new Map<string, string>();
  const broken: BrokenRuntime[] = [];
  const standIns: StandIn[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (error) {
      broken.push({ name: dir, reason: `cannot read runtime folder ${dir}: ${(error as Error).message}` });
      continue;
    }
    for (const name of names) {
      const file = await adapterFile(path.join(dir, name));
      if (file === null) continue;
      try {
        const mod = (await import(esModuleUrl(file))) as { default?: RuntimeAdapter };
        const adapter = mod.default;
        if (adapter?.name !== name || typeof adapter.prepare !== 'function') {
          broken.push({ name, reason: `${file}: expected a default-exported RuntimeAdapter named "${name}"` });
          continue;
        }
        const folder = path.join(dir, name);
        const earlier = adapters.findIndex((a) => a.name === name);
        if (earlier === -1) adapters.push(adapter);
        else {
          standIns.push({ name, folder, replaced: folders.get(name)! });
          adapters[earlier] = standingIn(adapter, folder);
        }
        folders.set(name, folder);
      } catch (error) {
        broken.push({ name, reason: `${file}: ${(error as Error).message.split('\n')[0]}` });
      }
    }
  }
  return { adapters, broken, folders, standIns };
};
