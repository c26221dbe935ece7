// What a case file calls: it marks the declaration, and runs the case when the file is run directly.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { CaseDefinition } from './case-types.ts';
import { MARK } from './es-module-url.ts';

/** Marks a value as a case declaration so the loader can tell it from an accidental export. */
export const CASE_MARK = Symbol.for('sockspec.case');

export type MarkedCase = CaseDefinition & { [CASE_MARK]: true };

/** Declares a case; `npx tsx suites/<group>/<case>.ts` runs it alone and prints its TAP. */
export const defineCase = (meta: ImportMeta, def: CaseDefinition): MarkedCase => {
  const marked = Object.assign(def, { [CASE_MARK]: true as const });
  // The loader's own import of a file run directly is a second module instance: only the first runs the case.
  if (new URL(meta.url).searchParams.has(MARK)) return marked;
  const file = fileURLToPath(meta.url);
  const main = process.argv[1] === undefined ? '' : path.resolve(process.argv[1]);
  if (main === file || main === file.replace(/\.ts$/, '')) {
    // Deferred so the module finishes evaluating before the runner imports it again.
    setImmediate(() => {
      void import('../cli/run-standalone.ts').then(({ runStandalone }) => runStandalone(file));
    });
  }
  return marked;
};
