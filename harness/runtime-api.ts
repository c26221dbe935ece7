// sockspec's entry point for runtime authors ('sockspec/runtime'): the adapter contract and the helpers a runtime folder uses.
// It sits on the face floor beside harness/index.ts: a runtime folder outside sockspec (--agents-dir) imports
// it instead of sockspec's internal files, so those can move without breaking anyone's runtime.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuntimeAdapter } from './adapters/adapter.ts';
import { closeMatches, didYouMean } from './case/close-matches.ts';
import { projectRoot } from './toolchain/project-root.ts';

export type { AgentCommand, Available, PrepareContext, Prepared, ProgramVariant, RuntimeAdapter, Unavailable } from './adapters/adapter.ts';
export type { CaseExpectations, ExpectationTable, RuntimeDivergence } from './case/expectation-types.ts';
export { defineExpectations } from './case/define-expectations.ts';
export { commandOutput, findExecutables, searchDirs } from './adapters/find-executables.ts';
export { buildCached, type BuildOptions, type BuildResult } from './toolchain/build-cached.ts';
export { compileC, DEFAULT_C_FLAGS, type CompileOptions, type CompileResult } from './toolchain/compile-c.ts';
export { transpileTs, type TranspileOptions, type TranspileResult } from './toolchain/transpile-ts.ts';

/** The folder of sockspec's own runtimes (runtimes/<name>/: adapter, agent sources, expectations.ts). */
export const BUILTIN_RUNTIMES = path.join(projectRoot, 'runtimes');

/**
 * A built-in runtime's adapter, to wrap or stand in for (`{ ...await builtinAdapter('c'), description }`);
 * an unknown name is an error naming the built-in ones, since it is the runtime author's code that asks.
 */
export const builtinAdapter = async (name: string): Promise<RuntimeAdapter> => {
  const file = path.join(BUILTIN_RUNTIMES, name, 'adapter.ts');
  if (!(await stat(file).catch(() => null))?.isFile()) {
    const names = (await readdir(BUILTIN_RUNTIMES)).sort();
    throw new Error(`Expected the name of a built-in runtime, got \`${name}\`; built-in: ${names.join(', ')}${didYouMean(closeMatches(name, names))}`);
  }
  return ((await import(pathToFileURL(file).href)) as { default: RuntimeAdapter }).default;
};
