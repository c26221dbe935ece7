// Follows README.md "Write your own case" verbatim: the packed tarball installed, the section's case type-checked, run, its reports read.
// An ES module project and a CommonJS one side by side share one node_modules (a symlink each), so one
// install serves both. The commands and files are the section's own, so the README cannot drift from this.
// Runs beside another file: its one case is the README's refused connect (the kernel's RST at once); the rest is npm, tsc and a pack, each with its own bound.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { execa } from 'execa';
import { ROOT } from '../helpers/run-cli.ts';
import { readOwnCaseSection } from './own-case-section.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// The whole file is a pack, an install and a dozen real commands: ~45-60 s alone, and past tap's 120 s
// per-file bound when a loaded machine runs it beside the other tests (seen: 120 s, killed mid-way).
// Each step keeps its own named bound below; this one only lets their sum finish.
t.setTimeout(300_000);
// Named bounds on each real step (a cold pack builds the declarations: ~15 s on a busy 2-core machine).
const PACK_TIMEOUT_MS = 90_000;
const INSTALL_TIMEOUT_MS = 90_000;
const COMMAND_TIMEOUT_MS = 60_000;

const section = readOwnCaseSection(await readFile(path.join(ROOT, 'README.md'), 'utf8'));
// The section's sh blocks: making a project, using it (both projects), a runtime standing in (ESM project).
const [setup = [], use = [], standIn = []] = section.commands;
const installLine = setup.find((l) => l.startsWith('npm i -D sockspec '));
const caseFile = [...section.files.keys()].find((f) => f.startsWith('cases/') && !f.includes('.expectations.'));
// Outside the repo, as another project is: nothing above it resolves to sockspec's own node_modules.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sockspec-readme-'));
// At exit: the steps below run between subtests, which a teardown of the root test would not wait for.
process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));
for (const d of ['shared', 'esm', 'cjs']) await mkdir(path.join(tmp, d));
await writeFile(path.join(tmp, 'shared', 'package.json'), '{ "private": true }\n');
// A user's shell, not ours: none of tap's loaders (NODE_OPTIONS), npm's script variables or our node_modules/.bin.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_OPTIONS|npm_|TAP|_TAPJS)/i.test(k))),
  PATH: (process.env.PATH ?? '').split(path.delimiter).filter((d) => !d.includes('node_modules')).join(path.delimiter),
  NO_COLOR: '1',
};

const sh = (line: string, cwd: string, timeout = COMMAND_TIMEOUT_MS) =>
  execa(line, { shell: true, cwd, env, extendEnv: false, reject: false, timeout });

/** What a failed command said, for the assertion's message; nothing when it succeeded. */
const said = (r: { exitCode?: number; stdout: unknown; stderr: unknown }): string =>
  r.exitCode === 0 ? '' : ` (exit ${String(r.exitCode)}: ${String(r.stdout).slice(-300)} ${String(r.stderr).slice(-300)})`;

/** Diagnostics of `files` in `dir` per compiler setting (typecheck-matrix.mjs, with the project's TypeScript). */
const typecheckMatrix = async (dir: string, files: string[], settings: Record<string, Record<string, unknown>>): Promise<Record<string, string[]>> => {
  const r = await execa(process.execPath, [path.join(HERE, 'typecheck-matrix.mjs'), JSON.stringify({ files, settings })], { cwd: dir, env, extendEnv: false, timeout: COMMAND_TIMEOUT_MS });
  return JSON.parse(String(r.stdout)) as Record<string, string[]>;
};

t.test('the section states what is followed', async (t) => {
  t.ok(installLine, 'an install line: npm i -D sockspec ...');
  t.ok(caseFile, 'a case file under cases/');
  t.ok(section.files.has('tsconfig.json'), "a CommonJS project's tsconfig.json");
  t.ok(section.failingStep, 'the step that makes the case fail');
  t.ok(use.some((l) => l.startsWith('npx sockspec ./cases')), 'npx sockspec ./cases');
  t.ok(standIn.some((l) => l.includes('--agents-dir')), 'a run with --agents-dir');
  t.ok(section.files.has('runtimes/c/adapter.ts'), 'a stand-in adapter');
});
if (installLine === undefined || caseFile === undefined || section.failingStep === null) throw new Error('README.md "Write your own case": an install line, a case file and a failing step are wanted (see above)');

const started = Date.now();
const pack = await execa('npm', ['pack', '--pack-destination', tmp, '--json'], { cwd: ROOT, env, extendEnv: false, timeout: PACK_TIMEOUT_MS });
// prepack's own lines come first on stdout; npm's JSON is the rest.
const [packInfo] = JSON.parse(String(pack.stdout).slice(String(pack.stdout).search(/^\[/m))) as { filename: string; files: { path: string }[] }[];
const tarball = path.join(tmp, packInfo!.filename);
const packed = packInfo!.files.map((f) => f.path);

t.test('the tarball ships what runs, declarations included, and no self-tests', async (t) => {
  t.same(packed.filter((f) => /^(test|\.github|\.ci)\//.test(f)), [], 'no test/, .github/ or .ci/');
  t.same(packed.filter((f) => /__pycache__|\.pyc$/.test(f)), [], 'no Python bytecode');
  t.same(packed.filter((f) => /(^|\/)(node_modules|target)\//.test(f)), [], 'no node_modules/ or build output');
  for (const f of ['types/index.d.ts', 'types/index.d.cts', 'types/runtime.d.ts', 'types/runtime.d.cts', 'harness/index.ts', 'harness/runtime-api.ts', 'bin/sockspec.js', 'runtimes/c/agent.c', 'LICENSE', 'README.md']) {
    t.ok(packed.includes(f), f);
  }
});

// The README's install line, with the tarball for the registry's name, once, into the shared folder.
const install = await sh(`${installLine.replace(/\bsockspec\b/, tarball)} --prefer-offline --no-audit --no-fund`, path.join(tmp, 'shared'), INSTALL_TIMEOUT_MS);
t.equal(install.exitCode, 0, `the README's install line, from the tarball${said(install)}`);

/** Runs the setup block in `dir` (its install line becomes a link to the shared node_modules), then writes the section's files. */
const makeProject = async (dir: string, keep: (line: string) => boolean, files: string[]): Promise<void> => {
  for (const line of setup.filter(keep)) {
    if (line === installLine) await symlink(path.join(tmp, 'shared', 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    else {
      const r = await sh(line, dir);
      t.equal(r.exitCode, 0, `${path.basename(dir)}: ${line}${said(r)}`);
    }
  }
  for (const f of files) {
    await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await writeFile(path.join(dir, f), section.files.get(f)!.text);
  }
};

const cases = [...section.files.keys()].filter((f) => f.startsWith('cases/'));
const esm = path.join(tmp, 'esm');
const cjs = path.join(tmp, 'cjs');
await makeProject(esm, () => true, [...cases, 'runtimes/c/adapter.ts']);
// The CommonJS project: no type=module, no tsc --init; its tsconfig is the section's.
await makeProject(cjs, (l) => !/^npm pkg set type=module|^npx tsc --init/.test(l), [...cases, 'tsconfig.json']);
t.ok(existsSync(path.join(cjs, 'cases')), 'cjs: cases/');

const caseId = caseFile.replace(/^cases\//, '').replace(/\.[cm]?[jt]s$/, '');

for (const [name, dir] of [['ESM', esm], ['CommonJS', cjs]] as const) {
  t.test(`${name} project: every command of the section`, async (t) => {
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { type?: string };
    t.equal(pkg.type === 'module', name === 'ESM', `package.json type: ${String(pkg.type)}`);
    for (const line of use) {
      const r = await sh(line, dir);
      t.equal(r.exitCode, 0, `${line}${said(r)}`);
      if (line.startsWith('npx tsx ')) for (const f of ['ipv4', 'ipv6']) t.match(String(r.stdout), new RegExp(`^ok \\d - ${caseId} \\[c, ${f}\\]$`, 'm'), `run alone: a passing point over ${f} (streamed as they finish)`);
    }
    const reports = path.join(dir, 'reports');
    const tap = await readFile(path.join(reports, 'results.tap'), 'utf8');
    t.match(tap, new RegExp(`^ok 1 - ${caseId} \\[c, ipv4\\]$[^]*^ok 2 - ${caseId} \\[c, ipv6\\]$`, 'm'), 'results.tap: the case passed on c, over both families');
    t.notMatch(tap, /^not ok/m);
    const junit = await readFile(path.join(reports, 'junit.xml'), 'utf8');
    t.match(junit, new RegExp(`<testcase [^>]*name="${caseId}`), 'junit.xml names the case');
    t.notMatch(junit, /<failure|<error/, 'junit.xml: no failure');
    const json = JSON.parse(await readFile(path.join(reports, 'results.json'), 'utf8')) as { results: { name: string; status: string }[] };
    t.same(json.results.map((r) => [r.name, r.status]), [[`${caseId} [c, ipv4]`, 'pass'], [`${caseId} [c, ipv6]`, 'pass']], 'results.json: pass, over both families');
    t.match(await readFile(path.join(reports, 'index.html'), 'utf8'), caseId, 'index.html shows the case');
  });
}

t.test("CommonJS project: a case importing 'sockspec' runs from .ts, .mts, .js and .mjs files, and alone", async (t) => {
  const text = section.files.get(caseFile)!.text;
  await mkdir(path.join(cjs, 'more'));
  for (const ext of ['ts', 'mts', 'js', 'mjs']) await writeFile(path.join(cjs, 'more', `as-${ext}.${ext}`), text);
  const r = await sh('npx sockspec ./more --runtime c --out reports-more', cjs);
  t.equal(r.exitCode, 0, `npx sockspec ./more${said(r)}`);
  const json = JSON.parse(await readFile(path.join(cjs, 'reports-more', 'results.json'), 'utf8')) as { results: { name: string; status: string }[] };
  t.same(json.results.map((x) => [x.name, x.status]), ['js', 'mjs', 'mts', 'ts'].flatMap((e) => [[`as-${e} [c, ipv4]`, 'pass'], [`as-${e} [c, ipv6]`, 'pass']]));
  // A .js file in a CommonJS package, run alone, is compiled by tsx to require('sockspec').
  const alone = await sh('npx tsx more/as-js.js --runtime c', cjs);
  t.match(String(alone.stdout), /^ok \d - as-js \[c, ipv4\]$/m, `npx tsx more/as-js.js${said(alone)}`);
});

t.test('ESM project: a runtime folder of its own stands in for c, through sockspec/runtime', async (t) => {
  for (const line of standIn) {
    const r = await sh(line, esm);
    t.equal(r.exitCode, 0, `${line}${said(r)}`);
    t.match(String(r.stderr), /runtime c from .*runtimes\/c stands in for the one in .*node_modules\/sockspec\/runtimes\/c/, 'said on stderr');
  }
  const json = JSON.parse(await readFile(path.join(esm, 'reports', 'results.json'), 'utf8')) as { runtimes: { name: string; version: string }[]; results: { status: string; family: string }[] };
  t.same(json.runtimes.map((r) => r.name), ['c']);
  t.match(json.runtimes[0]?.version, / \(ours\)$/, "the report shows the stand-in's version");
  t.same(json.results.map((r) => [r.family, r.status]), [['ipv4', 'pass'], ['ipv6', 'pass']], 'over both families');
});

t.test('the declarations are clean under the settings users have', async (t) => {
  const files = cases.filter((f) => /\.[cm]?ts$/.test(f));
  const settings = {
    'module commonjs, no target (ES5)': { module: 'commonjs' },
    'module node16': { module: 'node16' },
    'module nodenext': { module: 'nodenext' },
    'esnext + bundler': { module: 'esnext', moduleResolution: 'bundler' },
  };
  // 'sockspec/runtime' uses Node's types; node10 resolution reaches it through typesVersions.
  const runtime = { 'module commonjs': { module: 'commonjs', target: 'es2022', types: ['node'] }, 'module nodenext': { module: 'nodenext', types: ['node'] } };
  // Three processes side by side: each is mostly parsing and checking on its own.
  const [inEsm, inCjs, adapter] = await Promise.all([
    typecheckMatrix(esm, files, settings), typecheckMatrix(cjs, files, settings), typecheckMatrix(esm, ['runtimes/c/adapter.ts'], runtime),
  ]);
  for (const [name, found] of [['ESM', inEsm], ['CommonJS', inCjs]] as const) {
    for (const [setting, problems] of Object.entries(found)) t.same(problems, [], `${name}, ${setting}`);
  }
  for (const [setting, problems] of Object.entries(adapter)) {
    // Top-level await needs an ES module output; the file's types are what is checked here.
    t.same(problems.filter((p) => !p.includes('TS1378')), [], `runtimes/c/adapter.ts, ${setting}`);
  }
});

t.test('negative controls: the case can fail, and its types are checked', async (t) => {
  const text = section.files.get(caseFile)!.text;
  const as = /as: '([^']+)'/.exec(section.failingStep!)![1]!;
  const wrong = text.split('\n').map((l) => (l.includes(`as: '${as}'`) && l.includes("role: 'server'") ? section.failingStep! : l)).join('\n');
  t.not(wrong, text, 'the failing step replaced a line of the case');
  await mkdir(path.join(esm, 'wrong'));
  await writeFile(path.join(esm, 'wrong', path.basename(caseFile)), wrong);
  const r = await sh('npx sockspec ./wrong --runtime c --out reports-wrong', esm);
  t.equal(r.exitCode, 1, 'exit 1');
  const tap = await readFile(path.join(esm, 'reports-wrong', 'results.tap'), 'utf8');
  t.match(tap, /^not ok 1 - /m);
  t.match(tap, /wanted: ECONNREFUSED/);
  await writeFile(path.join(esm, 'wrong', 'typo.ts'), text.replace("op: 'reserve'", "op: 'lisen'"));
  const typo = (await typecheckMatrix(esm, ['wrong/typo.ts'], { nodenext: { module: 'nodenext' } })).nodenext!;
  t.match(typo.join('\n'), /TS2820 Type '"lisen"' is not assignable .* Did you mean '"listen"'\?/s, 'a misspelt op is a type error');
});

t.test(`timing: ${Math.round((Date.now() - started) / 1000)} s to pack and install`, async (t) => t.pass());
