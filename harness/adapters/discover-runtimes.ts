// Finds runtimes by scanning folders (runtimes/<name>/adapter.ts); a new runtime is one folder, never a registration.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuntimeAdapter } from './adapter.ts';

/** A runtime folder that could not be loaded, with the reason. */
export interface BrokenRuntime {
  name: string;
  reason: string;
}

/** Every adapter under the given folders, by name; later folders cannot shadow earlier names. */
export const discoverRuntimes = async (dirs: string[]): Promise<{ adapters: RuntimeAdapter[]; broken: BrokenRuntime[]; folders: Map<string, string> }> => {
  const adapters: RuntimeAdapter[] = [];
  // Each adapter's folder, where its expectations.ts lives.
  const folders = new Map<string, string>();
  const broken: BrokenRuntime[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch (error) {
      broken.push({ name: dir, reason: `cannot read runtime folder ${dir}: ${(error as Error).message}` });
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name, 'adapter.ts');
      if (!(await stat(file).catch(() => null))?.isFile()) continue;
      if (adapters.some((a) => a.name === name)) continue;
      try {
        const mod = (await import(pathToFileURL(file).href)) as { default?: RuntimeAdapter };
        const adapter = mod.default;
        if (adapter?.name !== name || typeof adapter.prepare !== 'function') {
          broken.push({ name, reason: `${file}: expected a default-exported RuntimeAdapter named "${name}"` });
        } else {
          adapters.push(adapter);
          folders.set(name, path.join(dir, name));
        }
      } catch (error) {
        broken.push({ name, reason: `${file}: ${(error as Error).message.split('\n')[0]}` });
      }
    }
  }
  return { adapters, broken, folders };
};
