// The CLI as a user runs it: `node bin/sockspec.js ...` in a child process.
// Runs beside another file: its one real run is connect/refused-closed-port (the kernel's RST at once); the rest are listings and usage errors.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { loadCases } from '../../harness/case/load-cases.ts';
import { discoverRuntimes } from '../../harness/adapters/discover-runtimes.ts';
import { ROOT, runCli } from '../helpers/run-cli.ts';

// The cases in suites/, found the way the CLI finds them, so adding a case needs no edit here.
const { cases } = await loadCases([path.join(ROOT, 'suites')], ROOT);
const CASES = cases.map((c) => c.id);
// Likewise the runtime folders: a new runtime needs no edit here.
const RUNTIMES = (await discoverRuntimes([path.join(ROOT, 'runtimes')])).adapters.map((a) => a.name).join(', ');
const OPTIONS = [
  '--grep', '--fast', '--runtime', '--pair', '--jobs', '--out', '--reporter', '--list', '--timeout', '--step-timeout',
  '--keep-pcaps', '--no-isolate', '--color', '--no-color', '--agents-dir', '--suites', '--catalogue', '--help', '--version', '--list-runtimes', '--repeat', '--timer-jobs', '--agents-ahead',
];

t.test('--help exits 0 and lists every option and the exit codes', async (t) => {
  const out = t.testdir();
  const r = await runCli(['--help'], out);
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, /^Usage: sockspec \[options\] \[case \.\.\.\]/);
  for (const o of OPTIONS) t.match(r.stdout, new RegExp(`^ +(-\\w, |--\\S+, )?${o}\\b`, 'm'), `lists ${o}`);
  t.match(r.stdout, /default: all: (\w+, )*c, (\w+, )*node/, 'with the runtimes found');
  t.match(r.stdout, /Exit codes: 0 /);
  t.notOk(existsSync(path.join(out, 'results.json')), 'runs nothing');
});

t.test('--version prints the package version', async (t) => {
  const r = await runCli(['--version'], t.testdir());
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  t.equal(r.exitCode, 0);
  t.equal(r.stdout, version, 'and nothing else (execa strips the final newline)');
});

t.test('--list prints the case ids and the runtimes, and runs nothing', async (t) => {
  const out = t.testdir();
  const r = await runCli(['--list'], out);
  t.equal(r.exitCode, 0, r.stderr);
  const ids = r.stdout.split('\n').filter((l) => /^\S+\/\S+  /.test(l)).map((l) => l.split('  ')[0]);
  t.same(ids, CASES, 'one line per case, with its description');
  t.match(r.stdout, new RegExp(`^runtimes: ${RUNTIMES}$`, 'm'));
  t.equal(r.report, null, 'no results.json');
  t.equal(r.tap, '', 'no results.tap');
  t.notMatch(r.stdout, /^ok /m, 'no test point');
});

t.test('--list with a filter and a runtime lists only those', async (t) => {
  const r = await runCli(['--list', '--runtime', 'c', 'close'], t.testdir());
  t.equal(r.exitCode, 0, r.stderr);
  const listed = r.stdout.split('\n').filter((l) => /^\S+\/\S+  /.test(l)).map((l) => l.split('  ')[0]);
  t.same(listed, CASES.filter((id) => id.startsWith('close/')), 'only the close group');
  t.match(r.stdout, /\nruntimes: c\n?$/);
});

t.test('an unknown runtime: exit 2, naming it and the known runtimes', async (t) => {
  const out = t.testdir();
  const r = await runCli(['--runtime', 'cobol', 'connect'], out);
  t.equal(r.exitCode, 2);
  t.match(r.stderr, `sockspec: Unknown runtime \`cobol\`; known runtimes: ${RUNTIMES}\nRun \`sockspec --help\` for usage.`);
  t.equal(r.report, null, 'runs nothing');
});

t.test('NAME:PROGRAM runs that program of the runtime alone; an unknown one names those it has', async (t) => {
  const one = await runCli(['--runtime', 'bun:bun-api,c', '--reporter', 'tap', 'connect/refused-closed-port'], t.testdir());
  t.equal(one.exitCode, 0, one.stderr);
  t.same(one.report?.results.map((r) => r.name).sort(), ['connect/refused-closed-port [bun bun-api, ipv4]', 'connect/refused-closed-port [c, ipv4]']);
  const all = await runCli(['--runtime', 'bun', '--list', 'connect/refused-closed-port'], t.testdir());
  t.equal(all.exitCode, 0, 'without a program, the runtime runs all of them (control)');
  const typo = await runCli(['--runtime', 'bun:bun-apx', 'connect/refused-closed-port'], t.testdir());
  t.equal(typo.exitCode, 2);
  t.match(typo.stderr, /^sockspec: Unknown program or variant `bun-apx` of bun; bun has: [^\n]*\bbun-api\b[^\n]*\. Did you mean `bun-api`\?/);
  t.equal(typo.report, null, 'runs nothing');
});

t.test('an unknown pair runtime: exit 2 too', async (t) => {
  const r = await runCli(['--pair', 'c:cobol'], t.testdir());
  t.equal(r.exitCode, 2);
  t.match(r.stderr, `Unknown runtime \`cobol\`; known runtimes: ${RUNTIMES}`);
});

t.test('an unknown flag: exit 2, naming it and the known options', async (t) => {
  const r = await runCli(['--bogus'], t.testdir());
  t.equal(r.exitCode, 2);
  t.match(r.stderr, /^sockspec: Unknown option '--bogus'; known options: --grep, --runtime, .*--version\n/);
});

t.test('a bad option value: exit 2, naming the option and the value', async (t) => {
  const r = await runCli(['--jobs', '0'], t.testdir());
  t.equal(r.exitCode, 2);
  t.match(r.stderr, 'Expected `--jobs` to be a whole number from 1 to 256, got `0` (string)');
});

t.test('a filter that matches no case: exit 2, naming it and the known cases', async (t) => {
  const out = t.testdir();
  const r = await runCli(['--runtime', 'c', 'connect/no-such-case', '--grep', 'zzz'], out);
  t.equal(r.exitCode, 2);
  t.match(r.stderr, `No case matches \`connect/no-such-case\`, \`--grep zzz\`; known cases: ${CASES.join(', ')}`);
  t.equal(r.report, null, 'runs nothing');
});

t.test('--runtime c connect/refused-closed-port passes and writes the three reports', async (t) => {
  const out = t.testdir();
  const r = await runCli(['--runtime', 'c', 'connect/refused-closed-port', '--reporter', 'tap'], out);
  t.equal(r.exitCode, 0, `exit 0 (stderr: ${r.stderr})`);
  t.match(r.stdout, /^ok 1 - connect\/refused-closed-port \[c, ipv4\]$/m);
  t.match(r.stdout, /^# 1 passed, 0 failed, 0 skipped$/m);
  t.match(r.tap, /^TAP version 13\n/);
  t.match(r.tap, /^ok 1 - connect\/refused-closed-port \[c, ipv4\]/m);
  t.match(r.junit, /<testsuites[^>]*tests="1"[^>]*failures="0"/);
  t.match(r.report, { summary: { passed: 1, failed: 0, skipped: 0 }, results: [{ id: 'connect/refused-closed-port', runtime: 'c', status: 'pass', expected: true }], loadErrors: [] });
  t.equal(r.report?.results.length, 1);
});
