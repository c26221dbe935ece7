// Finds case files by glob (never a registry), imports and validates each; a bad file is reported, not fatal.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { caseIdFromPath } from './case-id.ts';
import { CASE_MARK } from './define-case.ts';
import { importMarked } from './import-marked.ts';
import { validateCase } from './validate-case.ts';
import type { LoadedCase } from './case-types.ts';
import type { LoadError } from './load-error.ts';

export type { LoadError } from './load-error.ts';

/** Every `*.ts` under the suites folders, sorted so runs and reports are stable. */
export const findCaseFiles = async (suiteDirs: string[]): Promise<string[]> => {
  const files: string[] = [];
  for (const dir of suiteDirs) {
    // fs.glob needs Node 22; a recursive readdir does the same for one pattern.
    const entries = await readdir(dir, { recursive: true });
    for (const f of entries) if (f.endsWith('.ts') && !f.endsWith('.d.ts')) files.push(path.resolve(dir, f));
  }
  return files.sort();
};

/** Imports and validates one case file. */
export const loadCaseFile = async (file: string, root = process.cwd()): Promise<LoadedCase | LoadError> => {
  const shown = path.relative(root, file) || file;
  const id = caseIdFromPath(file);
  if (id === null) return { file: shown, message: `${shown}: a case file must live under a suites/ folder` };
  const imported = await importMarked(file, shown, CASE_MARK, 'export default defineCase(import.meta, { ... })');
  if ('message' in imported) return imported;
  return checkCase(file, imported.value, root);
};

/** Validates a declaration already in hand (a case file run alone hands over its own), as loadCaseFile does. */
export const checkCase = (file: string, value: Record<PropertyKey, unknown>, root = process.cwd()): LoadedCase | LoadError => {
  const shown = path.relative(root, file) || file;
  const id = caseIdFromPath(file);
  if (id === null) return { file: shown, message: `${shown}: a case file must live under a suites/ folder` };
  const checked = validateCase({ ...value });
  if (!checked.ok) return { file: shown, message: `${shown}: ${checked.problems.map((p) => p.message).join('; ')}` };
  return { ...checked.def, id, file: shown };
};

/** Loads every case under the given folders; load errors come back beside the cases. */
export const loadCases = async (suiteDirs: string[], root = process.cwd()): Promise<{ cases: LoadedCase[]; errors: LoadError[] }> => {
  const cases: LoadedCase[] = [];
  const errors: LoadError[] = [];
  for (const file of await findCaseFiles(suiteDirs)) {
    const loaded = await loadCaseFile(file, root);
    if ('id' in loaded) cases.push(loaded);
    else errors.push(loaded);
  }
  return { cases, errors };
};
