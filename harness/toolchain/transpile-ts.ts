// Turns a TypeScript entry file and the local .ts files it imports into cached .mjs files plain `node`
// can run, so an agent start costs a node start and not a tsx start (~200 ms) per spawn.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TranspileOptions {
  /** The entry .ts file; it may import node: builtins, erased `import type`s and relative .ts files. */
  entry: string;
  /** Names the output folder ("node-agent"), for humans reading the cache dir. */
  name: string;
  cacheDir: string;
}

export type TranspileResult = { ok: true; file: string } | { ok: false; reason: string };

type Ts = typeof import('typescript');

const exists = async (file: string): Promise<boolean> => {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
};

const isLocal = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

// The entry and every local file it reaches (value and type imports alike), each read once.
const collect = async (ts: Ts, entry: string): Promise<Map<string, string> | string> => {
  const sources = new Map<string, string>();
  const pending = [path.resolve(entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (sources.has(file)) continue;
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (err) {
      return `cannot read ${file}: ${(err as Error).message}`;
    }
    sources.set(file, source);
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (!isLocal(fileName)) continue;
      if (!fileName.endsWith('.ts')) return `${file} imports "${fileName}": local imports must name their .ts file`;
      pending.push(path.resolve(path.dirname(file), fileName));
    }
  }
  return sources;
};

// The deepest folder holding every file, so the cached tree keeps their relative paths.
const commonRoot = (files: string[]): string =>
  files.map((f) => path.dirname(f)).reduce((root, dir) => {
    let r = root;
    while (path.relative(r, dir).startsWith('..')) r = path.dirname(r);
    return r;
  });

// Local specifiers point at the sibling .mjs outputs (node resolves no .ts).
const relink = (js: string): string =>
  js.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]*)\.ts\2/g, (_m, head: string, q: string, spec: string) => `${head}${q}${spec}.mjs${q}`);

const outputName = (root: string, file: string): string => path.relative(root, file).replace(/\.ts$/, '.mjs');

/** Transpiles `entry` and its local imports once per (their paths and texts, TypeScript version); errors come back as data. */
export const transpileTs = async ({ entry, name, cacheDir }: TranspileOptions): Promise<TranspileResult> => {
  // Loaded here so only callers that build something pay for loading the compiler.
  const ts = (await import('typescript')).default;
  const sources = await collect(ts, entry);
  if (typeof sources === 'string') return { ok: false, reason: `cannot transpile ${name}: ${sources}` };
  const files = [...sources.keys()].sort();
  const root = commonRoot(files);
  const hash = createHash('sha256').update(ts.version);
  for (const file of files) hash.update(`\0${path.relative(root, file)}\0${sources.get(file)}`);
  const dir = path.join(cacheDir, `${name}-${hash.digest('hex').slice(0, 16)}`);
  const main = path.join(dir, outputName(root, path.resolve(entry)));
  if (await exists(main)) return { ok: true, file: main };
  const outputs = new Map<string, string>();
  for (const file of files) {
    const output = ts.transpileModule(sources.get(file) ?? '', {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const problems = output.diagnostics ?? [];
    if (problems.length > 0) {
      const text = problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      return { ok: false, reason: `cannot transpile ${name} (${path.relative(root, file)}): ${text.join('; ')}` };
    }
    outputs.set(outputName(root, file), relink(output.outputText));
  }
  // Built in a temp folder and renamed whole: parallel runs see no tree or a complete one.
  const temp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    for (const [file, text] of outputs) {
      await mkdir(path.dirname(path.join(temp, file)), { recursive: true });
      await writeFile(path.join(temp, file), text);
    }
    await rename(temp, dir).catch(async (err: NodeJS.ErrnoException) => {
      // Another run finished the same tree first: theirs is identical.
      if (!(await exists(main))) throw err;
    });
  } catch (err) {
    return { ok: false, reason: `cannot write ${dir}: ${(err as Error).message}` };
  } finally {
    // Nothing to remove when the temp folder could not even be made.
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
  }
  return { ok: true, file: main };
};
