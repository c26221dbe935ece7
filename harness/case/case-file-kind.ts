// What a file under a case folder is, from its name alone: a case, a runtime's expectations beside cases, or neither.

/** The extensions a case file may have: ES modules that tsx (or Node) imports, TypeScript or JavaScript. */
export const CASE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

// `node.expectations.ts`: the runtime's name, then `.expectations`, then a case extension.
const EXPECTATIONS = /^(.+)\.expectations\.(ts|mts|js|mjs)$/;

/** A file's part in a case folder; `runtime` is the name an expectations file is for. */
export type CaseFileKind =
  | { kind: 'case' }
  | { kind: 'expectations'; runtime: string }
  | { kind: 'declaration' }
  | { kind: 'other' };

/** Tells a case file (`x.ts`) from an expectations file (`node.expectations.ts`), a `.d.ts`, or anything else. */
export const caseFileKind = (name: string): CaseFileKind => {
  const x = EXPECTATIONS.exec(name);
  if (x !== null) return { kind: 'expectations', runtime: x[1]! };
  // A type declaration has no module to import (tsc's `.d.ts`, `.d.mts`).
  if (/\.d\.m?ts$/.test(name)) return { kind: 'declaration' };
  return CASE_EXTENSIONS.some((e) => name.endsWith(e)) ? { kind: 'case' } : { kind: 'other' };
};

/** The file's name without its case extension: the last part of its id. */
export const withoutExtension = (name: string): string => name.replace(/\.[cm]?[jt]s$/, '');
