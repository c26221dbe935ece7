// A project's own runtime divergences: `<runtime>.expectations.ts` files beside its cases, each keyed by case paths from its folder.
import path from 'node:path';
import { caseFileKind, withoutExtension } from './case-file-kind.ts';
import { ancestorFolders, folderNames } from './case-root.ts';
import { closeMatches, didYouMean } from './close-matches.ts';
import { EXPECTATIONS_MARK } from './define-expectations.ts';
import { importMarked } from './import-marked.ts';
import { findCaseFiles } from './load-cases.ts';
import type { LoadedCase } from './case-types.ts';
import type { RuntimeExpectations } from './expectation-types.ts';
import type { LoadError } from './load-error.ts';
import type { RuntimeLayer } from './merge-expectations.ts';

/** A runtime as the files beside cases may name it: its name and its programs (valid variant names). */
export interface NamedRuntime {
  name: string;
  programs: string[];
}

/** One expectations file: where it is, and whose cases it speaks of (those under its folder). */
const layerOf = async (file: string, runtime: NamedRuntime, cases: LoadedCase[], root: string): Promise<RuntimeLayer | LoadError> => {
  const shown = path.relative(root, file) || file;
  const imported = await importMarked(file, shown, EXPECTATIONS_MARK, 'export default defineExpectations({ ... })');
  if ('message' in imported) return imported;
  const dir = path.dirname(file);
  const keyOf = (f: string): string => withoutExtension(path.relative(dir, f).split(path.sep).join('/'));
  const known = (await findCaseFiles([dir])).map(keyOf);
  const ids = new Map(cases.flatMap((c) => {
    const key = keyOf(path.resolve(root, c.file));
    return key.startsWith('../') ? [] : [[key, c.id] as const];
  }));
  const expectations: RuntimeExpectations = { runtime: runtime.name, file: shown, cases: { ...(imported.value as RuntimeExpectations['cases']) } };
  return { runtime: runtime.name, expectations, programs: [], beside: { ids, known, programs: runtime.programs } };
};

/**
 * The layers of every expectations file in a case's folder or a folder above it (up to its
 * project), in folder order; a file naming no runtime, or that cannot be imported, is a load error.
 */
export const besideExpectations = async (cases: LoadedCase[], runtimes: NamedRuntime[], root = process.cwd()): Promise<{ layers: RuntimeLayer[]; errors: LoadError[] }> => {
  const folders = new Set<string>();
  for (const c of cases) for (const dir of (await ancestorFolders(path.resolve(root, c.file))).reverse()) folders.add(dir);
  const layers: RuntimeLayer[] = [];
  const errors: LoadError[] = [];
  const names = runtimes.map((r) => r.name);
  for (const dir of folders) {
    for (const name of await folderNames(dir)) {
      const kind = caseFileKind(name);
      if (kind.kind !== 'expectations') continue;
      const file = path.join(dir, name);
      const runtime = runtimes.find((r) => r.name === kind.runtime);
      if (runtime === undefined) {
        const shown = path.relative(root, file) || file;
        errors.push({ file: shown, message: `${shown}: Expected the file name to be <runtime>.expectations.${name.split('.').at(-1)} for a runtime found here, got \`${kind.runtime}\`; runtimes: ${names.join(', ')} (one of your own is found with --agents-dir)${didYouMean(closeMatches(kind.runtime, names))}` });
        continue;
      }
      const layer = await layerOf(file, runtime, cases, root);
      if ('message' in layer) errors.push(layer);
      else layers.push(layer);
    }
  }
  return { layers, errors };
};
