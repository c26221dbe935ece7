// Which file called a function: how `defineCase(def)` finds its case file without `import.meta`.
import { fileURLToPath } from 'node:url';

/**
 * The file of the frame that called `fn` (an absolute path), or null when V8 gives none. A CommonJS
 * file cannot write `import.meta` (TS1343), but every frame knows its script: V8's structured call
 * sites (Error.captureStackTrace with Error.prepareStackTrace, https://v8.dev/docs/stack-trace-api)
 * name it as a path (CommonJS) or a file: URL (ES modules; tsx and our loader may add a query), never
 * rewritten by source maps, which map positions, not the file.
 */
export const declaringFile = (fn: (...args: never[]) => unknown): string | null => {
  const holder: { stack?: unknown } = {};
  const previous = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.stackTraceLimit = 1;
    // Frames above `fn` are left out, so the first is its caller's.
    Error.captureStackTrace(holder, fn);
    const sites = holder.stack as NodeJS.CallSite[] | undefined;
    const name = sites?.[0]?.getFileName() ?? null;
    if (name === null || name === '') return null;
    if (name.startsWith('file:')) return fileURLToPath(name.replace(/[?#].*$/, ''));
    return name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name) ? name : null;
  } finally {
    Error.prepareStackTrace = previous;
    Error.stackTraceLimit = previousLimit;
  }
};
