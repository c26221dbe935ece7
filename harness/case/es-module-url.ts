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

/** The URL to import `file` by, as an ES module whatever package.json is near it. */
export const esModuleUrl = (file: string): string => {
  // module.register came in Node 20.6; before it, files keep the format their package gives them.
  if (!registered && typeof nodeModule.register === 'function') {
    nodeModule.register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
    registered = true;
  }
  return `${pathToFileURL(file).href}?${MARK}`;
};
