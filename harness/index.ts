// sockspec's entry point for the files people write: cases (suites/**) and runtime layers (runtimes/*/expectations.ts).
// It sits at the top, above the CLI, so that a case file run directly can start the CLI on itself
// (Deno-style: `npx tsx suites/close/unread-data-sends-rst.ts`) without the case format below
// ever importing the CLI.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { CaseDefinition } from './case/case-types.ts';
import { markCase, type MarkedCase } from './case/define-case.ts';

export { connected } from './case/connected.ts';
export { defineExpectations } from './case/define-expectations.ts';
export type * from './case/case-types.ts';
export type * from './case/expectation-types.ts';

/** True when `url` is the module Node was started with (`node`/`tsx` FILE, with or without `.ts`). */
const isEntryModule = (url: string): boolean => {
  if (process.argv[1] === undefined || !url.startsWith('file:')) return false;
  const file = fileURLToPath(url);
  const main = path.resolve(process.argv[1]);
  return main === file || main === file.replace(/\.ts$/, '');
};

/** Declares a case; a case file run directly runs that case alone (TAP on stdout, the CLI's options after it). */
export const defineCase = (meta: ImportMeta, def: CaseDefinition): MarkedCase => {
  const marked = markCase(def);
  if (isEntryModule(meta.url)) {
    const file = fileURLToPath(meta.url);
    // After the module has finished evaluating; the declaration is handed over, never imported again.
    setImmediate(() => {
      void import('./cli/run-standalone.ts').then(({ runStandalone }) => runStandalone(file, marked));
    });
  }
  return marked;
};
