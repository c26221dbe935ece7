// Finds case files by walking folders (never a registry), imports and validates each; a bad file is reported, not fatal.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { caseFileKind } from './case-file-kind.ts';
import { caseIdFromPath } from './case-id.ts';
import { caseRoot } from './case-root.ts';
import { CASE_MARK } from './define-case.ts';
import { importMarked } from './import-marked.ts';
import { validateCase } from './validate-case.ts';
import type { LoadedCase } from './case-types.ts';
import type { LoadError } from './load-error.ts';

export type { LoadError } from './load-error.ts';

// Installed packages and hidden folders (.git, .cache) hold no cases of the project's own.
const skipped = (name: string): boolean => name === 'node_modules' || name.startsWith('.');

/** Case files under one folder, recursively, sorted by path; a folder that cannot be read is thrown (ENOENT). */
const walk = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory() && !skipped(e.name)) out.push(...await walk(path.join(dir, e.name)));
    else if (e.isFile() && caseFileKind(e.name).kind === 'case') out.push(path.join(dir, e.name));
  }
  return out;
};

/** Every case file (.ts, .mts, .js, .mjs; never .d.ts nor `*.expectations.*`) under the folders, sorted so runs and reports are stable. */
export const findCaseFiles = async (dirs: string[]): Promise<string[]> => {
  const files: string[] = [];
  for (const dir of dirs) files.push(...await walk(path.resolve(dir)));
  return files.sort();
};

/** Imports and validates one case file; its id is its path under `idRoot` (absent: the folder caseRoot finds). */
export const loadCaseFile = async (file: string, root = process.cwd(), idRoot?: string): Promise<LoadedCase | LoadError> => {
  const shown = path.relative(root, file) || file;
  const under = idRoot ?? await caseRoot(file);
  if (caseIdFromPath(file, under) === null) return { file: shown, message: `${shown}: is not under the case folder ${under}` };
  const imported = await importMarked(file, shown, CASE_MARK, 'export default defineCase(import.meta, { ... })');
  if ('message' in imported) return imported;
  return checkCase(file, imported.value, root, under);
};

/** Validates a declaration already in hand (a case file run alone hands over its own), as loadCaseFile does. */
export const checkCase = (file: string, value: Record<PropertyKey, unknown>, root = process.cwd(), idRoot?: string): LoadedCase | LoadError => {
  const shown = path.relative(root, file) || file;
  const id = caseIdFromPath(file, idRoot);
  if (id === null) return { file: shown, message: `${shown}: ${idRoot === undefined ? 'a case file given no case folder must live under a suites/ folder' : `is not under the case folder ${idRoot}`}` };
  const checked = validateCase({ ...value });
  if (!checked.ok) return { file: shown, message: `${shown}: ${checked.problems.map((p) => p.message).join('; ')}` };
  return { ...checked.def, id, file: shown };
};

/** Loads every case under the given folders, ids from their paths under each; load errors come back beside the cases. */
export const loadCases = async (suiteDirs: string[], root = process.cwd()): Promise<{ cases: LoadedCase[]; errors: LoadError[] }> => {
  const cases: LoadedCase[] = [];
  const errors: LoadError[] = [];
  for (const dir of suiteDirs) {
    for (const file of await findCaseFiles([dir])) {
      const loaded = await loadCaseFile(file, root, path.resolve(dir));
      if ('id' in loaded) cases.push(loaded);
      else errors.push(loaded);
    }
  }
  return { cases, errors };
};
