// sockspec's entry point for the files people write: cases (suites/**, or a user's own folder) and runtime layers
// (expectations.ts). It sits at the top, above the CLI, so that a case file run directly can start the CLI on itself
// (Deno-style: `npx tsx suites/close/unread-data-sends-rst.ts`) without the case format below ever importing the CLI.
// The package's "." export: scripts/build-types.ts bundles the declarations of what this file exports.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { CaseDefinition } from './case/case-types.ts';
import { markCase, type MarkedCase } from './case/define-case.ts';
import { declaringFile } from './cli/declaring-file.ts';

export { connected } from './case/connected.ts';
export { defineExpectations } from './case/define-expectations.ts';
// Named so a user's declaration emit can name what defineCase and defineExpectations return (else TS4082).
export type { MarkedCase } from './case/define-case.ts';
export type { MarkedExpectations } from './case/define-expectations.ts';
export type * from './case/case-types.ts';
export type * from './case/expectation-types.ts';

/** True when `file` is the module Node was started with (`node`/`tsx` FILE, with or without its extension). */
const isEntryModule = (file: string): boolean => {
  if (process.argv[1] === undefined) return false;
  const main = path.resolve(process.argv[1]);
  return main === file || main === file.replace(/\.[cm]?[jt]s$/, '');
};

/** Declares a case; a case file run directly runs that case alone (TAP on stdout, the CLI's options after it). */
export function defineCase(def: CaseDefinition): MarkedCase;
/** The form with `import.meta` (ES modules only), kept for the files written before the form above. */
export function defineCase(meta: ImportMeta, def: CaseDefinition): MarkedCase;
export function defineCase(...args: [CaseDefinition] | [ImportMeta, CaseDefinition]): MarkedCase {
  const [meta, def] = args.length === 2 ? args : [undefined, args[0]];
  const marked = markCase(def);
  // import.meta.url when given; otherwise the caller's frame, which a CommonJS case (no import.meta) has too.
  const file = meta?.url?.startsWith('file:') === true ? fileURLToPath(meta.url) : declaringFile(defineCase);
  if (file !== null && isEntryModule(file)) {
    // After the module has finished evaluating; the declaration is handed over, never imported again.
    // A CommonJS case run alone (`npx tsx cases/x.ts` without "type": "module") holds tsx's CommonJS
    // copy of this file and the four it imports (measured on Node 20.20 with tsx 4.23: require(esm) is
    // not used for .ts); the CLI below is still imported as ES modules, and only the declaration, a
    // plain object with a Symbol.for mark, crosses. Through `npx sockspec`, every case file is an ES
    // module (es-module-url.ts), so its 'sockspec' is the CLI's own instance.
    setImmediate(() => {
      void import('./cli/run-standalone.ts').then(({ runStandalone }) => runStandalone(file, marked));
    });
  }
  return marked;
}
