// Case and expectations files are ES modules wherever they live (they use `import.meta` and
// `export default`); outside a `"type": "module"` package tsx would read them as CommonJS, which
// cannot load them ("Cannot require() ES Module ... in a cycle"). A resolve hook says otherwise.
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';

/** The query that marks a URL as an ES module for the hook below. */
export const MARK = 'sockspec-module';

// Runs in Node's loader thread: keeps what the chain (tsx) resolved, with the format of a module.
const HOOK = `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  return new URL(r.url).searchParams.has(${JSON.stringify(MARK)}) ? { ...r, format: 'module' } : r;
}`;

let registered = false;

// With tsx 4.23 on Node 22.23.3 and 24.22.3 the module.register hook below never sees the marked
// file: tsx hands it to require(), which cannot take a file: URL import. A hook in the loading thread
// (module.registerHooks, Node 22.15 and 23.5) resolves it first, as itself and a module; tsx's load
// still compiles its TypeScript.
type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type SyncHooks = { registerHooks?: (hooks: { resolve: (s: string, c: unknown, next: (s: string, c: unknown) => Resolved) => Resolved }) => unknown };

/** The URL to import `file` by, as an ES module whatever package.json is near it. */
export const esModuleUrl = (file: string): string => {
  const { registerHooks } = nodeModule as SyncHooks;
  if (!registered && registerHooks !== undefined) {
    registerHooks({ resolve: (specifier, context, next) =>
      specifier.startsWith('file:') && new URL(specifier).searchParams.has(MARK) ? { url: specifier, format: 'module', shortCircuit: true } : next(specifier, context) });
    registered = true;
  }
  // module.register came in Node 20.6; before it, files keep the format their package gives them.
  if (!registered && typeof nodeModule.register === 'function') {
    nodeModule.register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
    registered = true;
  }
  return `${pathToFileURL(file).href}?${MARK}`;
};
