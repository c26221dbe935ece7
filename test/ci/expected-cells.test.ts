// .github/expected-cells.mjs, run as the merge job runs it: the cells of the suite's matrix, as the
// artifact names they upload, and a clear error for a matrix or a name it cannot expand.
// Runs beside another file: it runs a plain script over the workflow file, nothing timed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { ROOT } from '../helpers/run-cli.ts';

const SCRIPT = path.join(ROOT, '.github', 'expected-cells.mjs');
const WORKFLOW = path.join(ROOT, '.github', 'workflows', 'sockspec.yml');
const cells = async (file?: string): Promise<{ code: number | undefined; names: string[]; stderr: string }> => {
  const r = await execa(process.execPath, [SCRIPT, ...(file === undefined ? [] : [file])], { cwd: ROOT, reject: false });
  return { code: r.exitCode, names: String(r.stdout).split(',').filter((n) => n !== ''), stderr: String(r.stderr) };
};
/** The workflow with its suite job changed by `edit`, written to a file of the test's own. */
interface Suite { strategy: { matrix: Record<string, unknown> }; env: Record<string, string> }
const variant = (name: string, edit: (suite: Suite) => void): string => {
  const w = parse(readFileSync(WORKFLOW, 'utf8')) as { jobs: Record<string, Suite> };
  edit(w.jobs.suite!);
  const file = path.join(t.testdirName, `${name}.yml`);
  writeFileSync(file, stringify(w));
  return file;
};
t.testdir();

t.test('every OS × runtime folder, less C on Windows, named as its upload names it', async (t) => {
  const r = await cells();
  t.equal(r.code, 0, r.stderr);
  const runtimes = readdirSync(path.join(ROOT, 'runtimes'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const wanted = ['ubuntu-latest', 'macos-latest', 'windows-latest'].flatMap((os) => runtimes.filter((rt) => !(os === 'windows-latest' && rt === 'c')).map((rt) => `sockspec-${os}-${rt}`));
  t.same([...r.names].sort(), wanted.sort());
  t.equal(r.names.length, 3 * runtimes.length - 1);
});

t.test('the list follows the matrix: an exclude dropped is a cell more (negative control of the exclude)', async (t) => {
  const r = await cells(variant('no-exclude', (s) => { delete s.strategy.matrix.exclude; }));
  t.equal(r.code, 0, r.stderr);
  t.ok(r.names.includes('sockspec-windows-latest-c'));
});

t.test('what it cannot expand is an error naming the key and what it wanted, never a wrong list', async (t) => {
  const include = await cells(variant('include', (s) => { s.strategy.matrix.include = [{ os: 'ubuntu-24.04-arm', runtime: 'c' }]; }));
  t.equal(include.code, 1);
  t.match(include.stderr, /^expected-cells: .*include\.yml: jobs\.suite\.strategy\.matrix\.include: Expected no include/);
  t.same(include.names, []);
  const expr = await cells(variant('expr', (s) => { s.env.CELL = '${{ matrix.os }}-${{ github.run_id }}'; }));
  t.equal(expr.code, 1);
  t.match(expr.stderr, /env\.CELL: Expected only \$\{\{ matrix\.<axis> \}\} and \$\{\{ env\.<name> \}\} in the artifact name, got \$\{\{ github\.run_id \}\}/);
});
