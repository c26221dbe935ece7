import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { findCaseFiles, loadCaseFile, loadCases, type LoadError } from '../../harness/case/load-cases.ts';
import type { LoadedCase } from '../../harness/case/case-types.ts';
import { ROOT } from '../helpers/run-cli.ts';

const DEFINE = pathToFileURL(path.join(ROOT, 'harness', 'index.ts')).href;

/** A case file's text: imports defineCase by absolute URL, so it works from any folder. */
const caseFile = (description: string, extra = ''): string => `import { defineCase } from '${DEFINE}';
export default defineCase(import.meta, {
  description: ${JSON.stringify(description)},
  spec: ['RFC 9293'],
  steps: [{ role: 'server', op: 'listen', as: 'l' }],${extra}
});
`;

const isError = (x: LoadedCase | LoadError): x is LoadError => !('id' in x);

t.test('good files load with their ids from the path; each bad file becomes a LoadError naming it', async (t) => {
  const dir = t.testdir({
    suites: {
      grp: {
        'good.ts': caseFile('a good case'),
        'syntax-error.ts': `import { defineCase } from '${DEFINE}';\nexport default defineCase(import.meta, {{{ ;\n`,
        'no-default.ts': `export const meta = { description: 'named export only' };\n`,
        'plain-object.ts': `export default { description: 'd', spec: ['s'], steps: [{ role: 'server', op: 'listen' }] };\n`,
        'bad-keys.ts': caseFile('a case with a typo', '\n  tagz: [\'x\'],'),
        'throws.ts': `throw new Error('boom at import');\n`,
        'notes.md': 'not a case',
        'types.d.ts': 'export {};\n',
      },
      other: { nested: { 'deep-good.ts': caseFile('a nested case') } },
    },
  });
  const { cases, errors } = await loadCases([path.join(dir, 'suites')], dir);

  t.same(cases.map((c) => [c.id, c.file, c.description]), [
    ['grp/good', path.join('suites', 'grp', 'good.ts'), 'a good case'],
    ['other/nested/deep-good', path.join('suites', 'other', 'nested', 'deep-good.ts'), 'a nested case'],
  ]);
  t.same(cases[0]?.steps, [{ role: 'server', op: 'listen', as: 'l' }], 'the declaration is kept');

  const byFile = new Map(errors.map((e) => [path.basename(e.file), e]));
  t.same([...byFile.keys()].sort(), ['bad-keys.ts', 'no-default.ts', 'plain-object.ts', 'syntax-error.ts', 'throws.ts'],
    'one error per bad file; .md and .d.ts files are not cases');
  for (const e of errors) t.ok(e.message.startsWith(`${e.file}: `), `${e.file}: the message names the file`);
  t.match(byFile.get('syntax-error.ts')?.message, /: cannot be imported: /);
  t.match(byFile.get('throws.ts')?.message, /: cannot be imported: boom at import/);
  t.match(byFile.get('no-default.ts')?.message, /expected `export default defineCase\(import\.meta, \{ \.\.\. \}\)`, got no default export$/);
  t.match(byFile.get('plain-object.ts')?.message, /expected `export default defineCase\(import\.meta, \{ \.\.\. \}\)`, got object$/);
  t.match(byFile.get('bad-keys.ts')?.message, /: Unknown key `tagz`; known keys: /);
});

t.test('a case folder of any name: ids from the paths under the folder given, .ts, .mts, .js and .mjs alike', async (t) => {
  const dir = t.testdir({
    cases: {
      'a.ts': caseFile('ts'), 'b.mts': caseFile('mts'), 'c.js': caseFile('js'), g: { 'd.mjs': caseFile('mjs') },
      'node.expectations.ts': `throw new Error('an expectations file is never imported as a case');\n`,
      'e.cjs': 'not a case extension', 'f.d.mts': 'export {};\n',
    },
  });
  const { cases, errors } = await loadCases([path.join(dir, 'cases')], dir);
  t.same(errors, []);
  t.same(cases.map((c) => [c.id, c.description]), [['a', 'ts'], ['b', 'mts'], ['c', 'js'], ['g/d', 'mjs']]);
});

t.test('a file given alone: under a suites/ folder its id is the path under it, else under the top of its case folder', async (t) => {
  const dir = t.testdir({
    'package.json': '{}',
    suites: { g: { 'in-suites.ts': caseFile('in suites') } },
    plain: { g: { 'alone.ts': caseFile('no expectations above') } },
    marked: { 'c.expectations.ts': '', g: { 'c.expectations.ts': '', 'deep.ts': caseFile('expectations above') } },
  });
  const id = async (...p: string[]): Promise<string | undefined> => {
    const r = await loadCaseFile(path.join(dir, ...p), dir);
    return isError(r) ? r.message : r.id;
  };
  t.equal(await id('suites', 'g', 'in-suites.ts'), 'g/in-suites', 'as in a run of the suites folder');
  t.equal(await id('plain', 'g', 'alone.ts'), 'alone', 'its own folder: its name');
  t.equal(await id('marked', 'g', 'deep.ts'), 'g/deep', 'the highest folder of the project with an expectations file: as in a run of marked/');
});
t.test('every problem of an invalid declaration is in one message', async (t) => {
  const dir = t.testdir({ suites: { g: { 'two-problems.ts': caseFile('', '\n  colour: \'red\',') } } });
  const r = await loadCaseFile(path.join(dir, 'suites', 'g', 'two-problems.ts'), dir);
  t.ok(isError(r));
  t.match((r as LoadError).message, /^suites\/g\/two-problems\.ts: Unknown key `colour`; .*; Expected `description` to be a non-empty string, got `""` \(string\)$/);
});

t.test('findCaseFiles lists case files of every folder, sorted, without .d.ts, expectations, node_modules or hidden folders', async (t) => {
  const dir = t.testdir({
    a: { 'z.ts': '', 'b.ts': '', 'x.d.ts': '', 'y.js': '', 'n.json': '', 'node.expectations.ts': '', sub: { 'c.ts': '' }, node_modules: { 'm.ts': '' }, '.cache': { 'h.ts': '' } },
    b: { 'a.ts': '' },
  });
  const files = await findCaseFiles([path.join(dir, 'b'), path.join(dir, 'a')]);
  t.same(files.map((f) => path.relative(dir, f)), ['a/b.ts', 'a/sub/c.ts', 'a/y.js', 'a/z.ts', 'b/a.ts']);
});

t.test('a missing suites folder is the caller\'s error, not a silent empty run', async (t) => {
  await t.rejects(findCaseFiles([path.join(t.testdir({}), 'nope')]), { code: 'ENOENT' });
});
