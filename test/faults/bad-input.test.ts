// Bad input from the user, through the real CLI: each answer names what was wrong and what is valid
// (the known options, runtimes, cases or keys, and the close matches), and never shows a stack trace.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { closeMatches, didYouMean } from '../../harness/case/close-matches.ts';
import { ROOT, runCli } from '../helpers/run-cli.ts';

const DEFINE = pathToFileURL(path.join(ROOT, 'harness', 'index.ts')).href;
/** What a stack trace looks like in stderr: none may reach the user for bad input. */
const STACK = /^\s+at .+[:(]/m;

/** A suites folder with one valid case and `bad` (file name → text) beside it. */
const suites = (base: string, bad: Record<string, string>): string => {
  const dir = path.join(base, 'suites', 'mine');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'fine.ts'), `import { defineCase } from '${DEFINE}';
export default defineCase(import.meta, { description: 'a valid neighbour', spec: ['RFC 9293'], steps: [{ role: 'server', op: 'listen', as: 'l' }] });
`);
  for (const [name, text] of Object.entries(bad)) writeFileSync(path.join(dir, name), text);
  return path.join(base, 'suites');
};

// Line 3 holds a `]` where `}` closes the step.
const SYNTAX_ERROR = `import { defineCase } from '${DEFINE}';
export default defineCase(import.meta, { description: 'broken', spec: ['RFC 9293'],
  steps: [{ role: 'server', op: 'listen', as: 'l' ]],
});
`;

// Every CLI run starts at once (each is mostly start-up); the tests below read their answers.
const scratch = t.testdir();
const outside = mkdtempSync(path.join(os.tmpdir(), 'sockspec-cases-'));
t.teardown(() => rmSync(outside, { recursive: true, force: true }));
const missing = path.join(scratch, 'no-such-folder');
const out = (name: string): string => path.join(scratch, 'out', name);
// Inside the project (its package.json says "type": "module") and in a bare temp folder (no package.json
// at all: tsx would take the file for CommonJS), a case file loads, or fails, the same way.
const brokenIn = { 'inside the project': suites(path.join(scratch, 'inside'), { 'broken.ts': SYNTAX_ERROR }), 'outside any package': suites(outside, { 'broken.ts': SYNTAX_ERROR }) };
const typos = suites(path.join(scratch, 'typos'), {
  'typos.ts': `import { defineCase } from '${DEFINE}';
export default defineCase(import.meta, { descripton: 'misspelt', spec: ['RFC 9293'], steps: [{ role: 'server', op: 'lisen', as: 'l', tiemoutMs: 5 }] } as never);
`,
});
const [flag, runtime, groupTypo, bareName, noFolder, notFolder, brokenInside, brokenOutside, unknownKeys] = await Promise.all([
  runCli(['--runtimes', 'c'], out('flag')),
  runCli(['--runtime', 'c,nodejs', 'connect'], out('runtime')),
  runCli(['--runtime', 'c', 'conect'], out('group-typo')),
  runCli(['--runtime', 'c', 'unread-data-sends-rst'], out('bare-name')),
  runCli(['--suites', missing, '--runtime', 'c'], out('no-folder')),
  runCli(['--suites', path.join(ROOT, 'package.json'), '--list'], out('not-folder')),
  runCli(['--suites', brokenIn['inside the project'], '--runtime', 'c', '--list'], out('broken-inside')),
  runCli(['--suites', brokenIn['outside any package'], '--runtime', 'c', '--list'], out('broken-outside')),
  runCli(['--suites', typos, '--runtime', 'c', '--list'], out('typos')),
]);

t.test('close matches: typos within a third of the length, closest first, at most three', async (t) => {
  t.same(closeMatches('conect', ['close', 'connect', 'listen']), ['connect']);
  t.same(closeMatches('lisen', ['listen', 'close']), ['listen']);
  t.same(closeMatches('rst/never-acknowleged', ['rst/never-acknowledged', 'rst/no-reset']), ['rst/never-acknowledged']);
  t.same(closeMatches('unread-data-sends-rst', ['close/unread-data-sends-rst'], (n) => [n.split('/')[1]!]), ['close/unread-data-sends-rst'], 'by an alias');
  t.same(closeMatches('cobol', ['c', 'node', 'python']), [], 'nothing close: nothing suggested');
  t.same(closeMatches('listen', ['listens', 'listen']), ['listen', 'listens'], 'nearest first');
  t.same(closeMatches('node', ['node4', 'node3', 'node2', 'node1']), ['node1', 'node2', 'node3'], 'three at most');
  t.equal(didYouMean([]), '');
  t.equal(didYouMean(['a', 'b', 'c']), '. Did you mean `a`, `b` or `c`?');
});

t.test('an unknown flag: exit 2, naming it, the known options and the likely one', async (t) => {
  t.equal(flag.exitCode, 2);
  t.match(flag.stderr, /^sockspec: Unknown option '--runtimes'; known options: --grep, --runtime, .*--version\. Did you mean `--runtime`\?\nRun `sockspec --help` for usage\.$/, 'execa strips the last newline');
});

t.test('an unknown runtime: exit 2, naming it, the known runtimes and the likely one', async (t) => {
  t.equal(runtime.exitCode, 2);
  t.match(runtime.stderr, /^sockspec: Unknown runtime `nodejs`; known runtimes: (\w+, )*c, (\w+, )*node(, \w+)*\. Did you mean `node`\?\n/);
  t.equal(runtime.report, null, 'runs nothing');
});

t.test('an unknown case: exit 2, naming the filter, the known cases and the likely ones', async (t) => {
  t.equal(groupTypo.exitCode, 2);
  t.match(groupTypo.stderr, /^sockspec: No case matches `conect`; known cases: close\/.*connect\/refused-closed-port.*\. Did you mean `connect`\?\n/);
  t.equal(bareName.exitCode, 2);
  t.match(bareName.stderr, 'Did you mean `close/unread-data-sends-rst`?', 'a case named without its group');
  t.equal(bareName.report, null, 'runs nothing');
});

t.test('a --suites folder that is not there: exit 2, naming it, no stack trace', async (t) => {
  t.equal(noFolder.exitCode, 2);
  t.equal(noFolder.stderr, `sockspec: Expected \`--suites\` to be a folder of case files, got \`${missing}\`: no such file or folder\nRun \`sockspec --help\` for usage.`);
  t.equal(notFolder.exitCode, 2);
  t.match(notFolder.stderr, 'package.json`: not a folder');
});

for (const [where, r] of [['inside the project', brokenInside], ['outside any package', brokenOutside]] as const) {
  t.test(`a case file with a syntax error, ${where}: named with its line, column and what the parser wanted`, async (t) => {
    const file = path.join(brokenIn[where], 'mine', 'broken.ts');
    t.equal(r.exitCode, 1, 'a file that did not load fails the run');
    t.match(r.stderr, `broken.ts: cannot be imported: Transform failed with 1 error:\n${file}:3:50: ERROR: Expected "}" but found "]"`);
    t.notMatch(r.stderr, STACK, 'no stack trace');
    t.match(r.stdout, /^mine\/fine {2}a valid neighbour$/m, 'the valid neighbour still loads');
  });
}

t.test('a case file with unknown keys and a misspelt op: each named, with the known keys and the likely ones', async (t) => {
  t.equal(unknownKeys.exitCode, 1);
  const line = unknownKeys.stderr.split('\n').find((l) => l.includes('typos.ts')) ?? '';
  t.match(line, /^sockspec: .*suites\/mine\/typos\.ts: /, 'the file is named');
  t.match(line, 'Unknown key `descripton`; known keys: description, spec, steps, ');
  t.match(line, 'Did you mean `description`?');
  t.match(line, /Unknown key `steps\[0\]\.tiemoutMs`; known keys: [^;]*timeoutMs[^;]*\. Did you mean `timeoutMs`\?/);
  t.match(line, 'Expected `steps[0].op` to be one of "listen", "reserve", ');
  t.match(line, 'got `"lisen"` (string). Did you mean `listen`?');
  t.match(unknownKeys.stdout, /^mine\/fine {2}a valid neighbour$/m, 'the valid neighbour still loads');
});
