// Builds the package's type declarations (types/*.d.ts, *.d.cts) from the entries package.json's exports map names.
//
// Generated at pack time (npm's prepack), not committed: the declarations are a function of the
// sources, so what ships cannot drift from them, and nothing in this repository reads them (its own
// files import the .ts sources). One bundled file per entry, not tsc's tree of .d.ts files: tsc
// keeps the `.ts` import specifiers our sources use (which a user's tsc without
// allowImportingTsExtensions rejects) and follows `import()` into the CLI (137 files for one entry);
// a bundle holds only the types the entry exports, imports nothing of ours, and so reads the same
// under every moduleResolution. The same text is written twice, `.d.ts` for `import` and `.d.cts`
// for `require` (TypeScript takes a file's module format from its extension and package.json, and a
// CommonJS project under node16/nodenext would otherwise be told the package is ESM-only).
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDtsBundle } from 'dts-bundle-generator';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Target = { types: string; default: string };
type ExportEntry = string | { import?: Target; require?: Target };

/** Each source file an export points at, with every declaration file the map names for it. */
export const declarationTargets = (exportsMap: Record<string, ExportEntry>): Map<string, string[]> => {
  const bySource = new Map<string, string[]>();
  for (const entry of Object.values(exportsMap)) {
    if (typeof entry === 'string') continue;
    for (const target of [entry.import, entry.require]) {
      if (target === undefined) continue;
      bySource.set(target.default, [...(bySource.get(target.default) ?? []), target.types]);
    }
  }
  return bySource;
};

/**
 * `text` with `export` taken off every value the module does not export at run time: the bundler
 * reads `export type * from` as exporting the shapes' consts too, and a declaration must not promise
 * an import that would be undefined.
 */
export const keepValueExports = (text: string, values: string[]): string =>
  text.replace(/^export declare (const|let|function|class|enum) ([\w$]+)/gm, (line, kind: string, name: string) => (values.includes(name) ? line : `declare ${kind} ${name}`));

/** Writes every declaration file; returns the paths written, relative to the root. */
export const buildTypes = async (root = ROOT): Promise<string[]> => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports: Record<string, ExportEntry> };
  const targets = declarationTargets(pkg.exports);
  const sources = [...targets.keys()];
  const texts = generateDtsBundle(
    // Only what an entry exports is exported; the types it uses are declared beside it, unexported.
    sources.map((filePath) => ({ filePath: path.join(root, filePath), output: { noBanner: true, exportReferencedTypes: false }, libraries: { allowedTypesLibraries: ['node'] } })),
    { preferredConfigPath: path.join(root, 'tsconfig.json') },
  );
  const written: string[] = [];
  for (const [i, source] of sources.entries()) {
    const values = Object.keys((await import(pathToFileURL(path.join(root, source)).href)) as object);
    // The lib baseline @types/node sets too: a project without a target (ES5 by default) still has Map and Promise.
    const text = `// Generated from ${source} by scripts/build-types.ts when the package is packed: edit the source, not this file.\n/// <reference lib="es2020" />\n${keepValueExports(texts[i]!, values)}`;
    for (const out of targets.get(source)!) {
      mkdirSync(path.dirname(path.join(root, out)), { recursive: true });
      writeFileSync(path.join(root, out), text);
      written.push(path.normalize(out));
    }
  }
  return written;
};

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of await buildTypes()) process.stdout.write(`wrote ${file}\n`);
}
