// Loads runtimes/<name>/expectations.ts beside each adapter: the runtime layer as data, kept with the runtime.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { LoadError } from '../case/load-cases.ts';
import { EXPECTATIONS_MARK } from '../case/define-expectations.ts';
import { importMarked } from '../case/import-marked.ts';
import type { RuntimeExpectations } from '../case/expectation-types.ts';

/** The expectations file of one runtime folder, if it has one; a file that cannot be imported is a load error. */
export const loadExpectations = async (runtime: string, folder: string, root = process.cwd()): Promise<RuntimeExpectations | LoadError | null> => {
  const file = path.join(folder, 'expectations.ts');
  const shown = path.relative(root, file) || file;
  if (!(await stat(file).catch(() => null))?.isFile()) return null;
  const imported = await importMarked(file, shown, EXPECTATIONS_MARK, 'export default defineExpectations({ ... })');
  if ('message' in imported) return imported;
  const table = imported.value;
  return { runtime, file: shown, cases: { ...(table as RuntimeExpectations['cases']) } };
};
