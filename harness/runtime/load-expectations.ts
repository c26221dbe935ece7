// Loads runtimes/<name>/expectations.ts beside each adapter: the runtime layer as data, kept with the runtime.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadError } from '../case/load-cases.ts';
import { EXPECTATIONS_MARK } from '../case/define-expectations.ts';
import type { RuntimeExpectations } from '../case/expectation-types.ts';

/** The expectations file of one runtime folder, if it has one; a file that cannot be imported is a load error. */
export const loadExpectations = async (runtime: string, folder: string, root = process.cwd()): Promise<RuntimeExpectations | LoadError | null> => {
  const file = path.join(folder, 'expectations.ts');
  const shown = path.relative(root, file) || file;
  if (!(await stat(file).catch(() => null))?.isFile()) return null;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : String(error);
    return { file: shown, message: `${shown}: cannot be imported: ${text}` };
  }
  const table = mod.default as Record<PropertyKey, unknown> | undefined;
  if (typeof table !== 'object' || table === null || table[EXPECTATIONS_MARK] !== true) {
    return { file: shown, message: `${shown}: expected \`export default defineExpectations({ ... })\`, got ${table === undefined ? 'no default export' : typeof table}` };
  }
  return { runtime, file: shown, cases: { ...(table as RuntimeExpectations['cases']) } };
};
