// Type-checks a project's files under many compiler settings in one process, with the project's own TypeScript.
// Run as `node typecheck-matrix.mjs '{"files": [...], "settings": {name: compilerOptions}}'` in the project
// folder: prints { name: [diagnostic, ...] } (empty: clean). Plain JavaScript, so the user's project needs
// nothing of ours to run it, and TypeScript's lib files are parsed once for all settings (most of the
// time a tsc process per setting would spend).
import { createRequire } from 'node:module';
import path from 'node:path';

const ts = createRequire(path.join(process.cwd(), 'package.json'))('typescript');

/** Settings a user's tsconfig may have that the shipped declarations must survive, beside each module mode. */
const STRICTEST = {
  strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noImplicitOverride: true,
  // The shipped .d.ts files are checked (skipLibCheck false); TypeScript's own lib files need not be.
  skipLibCheck: false, skipDefaultLibCheck: true, noEmit: true, types: [],
};

const { files, settings } = JSON.parse(process.argv[2]);
const libDir = path.dirname(ts.getDefaultLibFilePath({}));
const libs = new Map();
const out = {};
for (const [name, raw] of Object.entries(settings)) {
  const { options, errors } = ts.convertCompilerOptionsFromJson({ ...STRICTEST, ...raw }, process.cwd());
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (file, version, ...rest) => {
    if (!file.startsWith(libDir)) return parse(file, version, ...rest);
    const key = `${file}\0${JSON.stringify(version)}`;
    if (!libs.has(key)) libs.set(key, parse(file, version, ...rest));
    return libs.get(key);
  };
  const program = ts.createProgram(files.map((f) => path.resolve(f)), options, host);
  out[name] = [...errors, ...ts.getPreEmitDiagnostics(program)].map((d) => {
    const where = d.file === undefined ? '' : `${path.relative(process.cwd(), d.file.fileName)}: `;
    return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
process.stdout.write(`${JSON.stringify(out)}\n`);
