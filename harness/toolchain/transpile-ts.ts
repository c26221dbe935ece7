// Turns one self-contained TypeScript file into a cached .mjs that plain `node` can run, so an
// agent start costs a node start and not a tsx start (~200 ms) per spawn.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface TranspileOptions {
  /** The TypeScript text; it may import node: builtins and erased `import type`s only. */
  source: string;
  /** Names the output file ("node-agent"), for humans reading the cache dir. */
  name: string;
  cacheDir: string;
}

export type TranspileResult = { ok: true; file: string } | { ok: false; reason: string };

const exists = async (file: string): Promise<boolean> => {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
};

// Write-then-rename: parallel runs either see no file or a whole one, never half of it.
const writeAtomically = async (file: string, text: string): Promise<void> => {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
};

/** Transpiles `source` once per (source, TypeScript version); syntax errors come back as data. */
export const transpileTs = async ({ source, name, cacheDir }: TranspileOptions): Promise<TranspileResult> => {
  // Loaded here so only callers that build something pay for loading the compiler.
  const ts = (await import('typescript')).default;
  const hash = createHash('sha256').update(source + ts.version).digest('hex').slice(0, 16);
  const file = path.join(cacheDir, `${name}-${hash}.mjs`);
  if (await exists(file)) return { ok: true, file };
  const output = ts.transpileModule(source, {
    fileName: `${name}.ts`,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
  });
  const problems = output.diagnostics ?? [];
  if (problems.length > 0) {
    const text = problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    return { ok: false, reason: `cannot transpile ${name}: ${text.join('; ')}` };
  }
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeAtomically(file, output.outputText);
  } catch (err) {
    return { ok: false, reason: `cannot write ${file}: ${(err as Error).message}` };
  }
  return { ok: true, file };
};
