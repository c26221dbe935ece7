// `sockspec doc` as a user runs it: `node bin/sockspec.js doc ...` in a child process.
// Runs beside another file: no agent runs: `sockspec doc` reads results files and writes a reference.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import t, { type Test } from 'tap';
import { execa } from 'execa';
import { docCommand } from '../../harness/cli/doc-command.ts';
import { referenceDocument } from '../../harness/reference/reference-document.ts';
import { ROOT } from '../helpers/run-cli.ts';
import { referenceReport, referenceResults } from '../reference/fixtures/reference-report.ts';
import { readCaseOrder } from '../../harness/reference/read-case-order.ts';

const order = await readCaseOrder(path.join(ROOT, 'suites'));

const doc = async (args: string[], cwd = ROOT) => {
  const r = await execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), 'doc', ...args], { cwd, reject: false, env: { NO_COLOR: '1' }, timeout: 60_000 });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
};

/** `sockspec doc` in this process: what it writes to stdout and stderr (final newline cut, as execa's), and its exit code. */
const inProcess = async (args: string[]) => {
  const text = { out: '', err: '' };
  const sink = (k: 'out' | 'err') => ({ write: (s: string) => { text[k] += s; return true; } }) as unknown as NodeJS.WritableStream;
  const exitCode = await docCommand(args, { out: sink('out'), err: sink('err') });
  return { exitCode, stdout: text.out.replace(/\n$/, ''), stderr: text.err.replace(/\n$/, '') };
};

/** A folder with reports/results.json, as `npx sockspec` leaves it. */
const project = async (t: Test): Promise<{ dir: string; results: string; reference: string }> => {
  const dir = t.testdir({ reports: {} });
  const results = path.join(dir, 'reports', 'results.json');
  await writeFile(results, JSON.stringify(referenceReport(), null, 2));
  return { dir, results, reference: path.join(dir, 'reports', 'REFERENCE.md') };
};

t.test('with no options: reports/results.json into reports/REFERENCE.md, in the current folder', async (t) => {
  const p = await project(t);
  const r = await doc([], p.dir);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout, `sockspec doc: wrote reports/REFERENCE.md (${referenceDocument(referenceReport(), order).split('\n').length - 1} lines) from reports/results.json`);
  t.equal(await readFile(p.reference, 'utf8'), referenceDocument(referenceReport(), order));
});

t.test('--results and --out name the files; --out - prints the reference', async (t) => {
  const p = await project(t);
  const out = path.join(p.dir, 'elsewhere', 'REF.md');
  t.equal((await doc(['--results', p.results, '--out', out])).exitCode, 0);
  t.equal(await readFile(out, 'utf8'), referenceDocument(referenceReport(), order));
  const printed = await doc(['--results', p.results, '--out', '-']);
  t.equal(`${printed.stdout}\n`, referenceDocument(referenceReport(), order), 'execa strips the final newline');
});

t.test('--check: 0 when current; 1 with a diff when stale or missing; it writes nothing', async (t) => {
  const p = await project(t);
  await doc([], p.dir);
  const current = await doc(['--check'], p.dir);
  t.equal(current.exitCode, 0);
  t.equal(current.stdout, 'sockspec doc: reports/REFERENCE.md is up to date with reports/results.json');

  const text = await readFile(p.reference, 'utf8');
  await writeFile(p.reference, text.replace('ECONNRESET (recv)', 'ECONNRESET, edited by hand'));
  const stale = await doc(['--check'], p.dir);
  t.equal(stale.exitCode, 1);
  t.match(stale.stdout, /^sockspec doc: reports\/REFERENCE\.md is stale: 1 lines would go, 1 would come from reports\/results\.json; run `npx sockspec doc`/);
  t.match(stale.stdout, '--- reports/REFERENCE.md\n+++ generated from reports/results.json\n@@ ');
  t.match(stale.stdout, '-- step 6, *client reads the reset*: ECONNRESET, edited by hand\n+- step 6, *client reads the reset*: ECONNRESET (recv)');
  t.match(await readFile(p.reference, 'utf8'), 'edited by hand', 'the file is left as it was');

  const missing = await doc(['--check', '--out', path.join(p.dir, 'none.md')], p.dir);
  t.equal(missing.exitCode, 1);
  t.match(missing.stdout, 'none.md does not exist');
});

t.test('two runs (the default run and the nets run): one reference with each net\'s section; --check reads both; a run point in both is refused', async (t) => {
  const p = await project(t);
  const netsFile = path.join(p.dir, 'reports', 'nets', 'results.json');
  const mptcp = referenceResults().filter((r) => r.runtime === 'c').map((r) => ({ ...r, net: 'mptcp', name: r.name.replace(']', ', mptcp]') }));
  await mkdir(path.dirname(netsFile));
  await writeFile(netsFile, JSON.stringify(referenceReport({ startedAt: '2025-01-02T03:05:05.678Z', results: mptcp, nets: ['mptcp'] })));
  const args = ['--results', 'reports/results.json', '--results', 'reports/nets/results.json'];
  const wrote = await doc(args, p.dir);
  t.equal(wrote.exitCode, 0, wrote.stderr);
  t.match(wrote.stdout, /^sockspec doc: wrote reports\/REFERENCE\.md \(\d+ lines\) from reports\/results\.json and reports\/nets\/results\.json$/);
  const text = await readFile(p.reference, 'utf8');
  t.equal(text, referenceDocument(referenceReport({ results: [...referenceResults(), ...mptcp] }), order), 'as one run of both would');
  t.match(text, '## On the `mptcp` net');
  // The rest in this process (absolute paths): the messages are the command's, without a child's start-up each.
  const [base, nets, ref] = [p.results, netsFile, p.reference];
  const both = ['--results', base, '--results', nets, '--out', ref];
  t.equal((await inProcess([...both, '--check'])).stdout, `sockspec doc: ${ref} is up to date with ${base} and ${nets}`);
  // The default run alone would drop the net's section: stale, and the message names the command that made it.
  const alone = await inProcess(['--results', base, '--out', ref, '--check']);
  t.equal(alone.exitCode, 1);
  t.match(alone.stdout, `would come from ${base}; run \`npx sockspec doc --results ${base} --out ${ref}\` and commit`);
  t.match(alone.stdout, '-## On the `mptcp` net');
  const none = path.join(p.dir, 'none.md');
  const missing = await inProcess(['--results', base, '--results', nets, '--out', none, '--check']);
  t.match(missing.stdout, `\`npx sockspec doc --results ${base} --results ${nets} --out ${none}\` writes it from ${base} and ${nets}`);

  await writeFile(netsFile, JSON.stringify(referenceReport({ startedAt: '2025-01-02T03:05:05.678Z', results: [...mptcp, referenceResults()[0]!] })));
  const conflict = await inProcess(both);
  t.equal(conflict.exitCode, 2);
  t.equal(conflict.stderr, `sockspec doc: ${base} and ${nets} both hold 1 run point(s) (linux: close/unread-data-sends-rst [c, ipv4]): `
    + 'give each run point once, e.g. the nets run without the kernel net (--net mptcp,... rather than --net kernel,mptcp,...)');
  t.equal(await readFile(p.reference, 'utf8'), text, 'the reference is left as it was');
});

t.test('bad usage: exit 2, naming the option', async (t) => {
  const r = await doc(['--bogus']);
  t.equal(r.exitCode, 2);
  t.match(r.stderr, "sockspec: Unknown option '--bogus'; `sockspec doc` options: --results, --out, --check, --help");
  t.equal(r.stdout, '');
  const positional = await doc(['close']);
  t.equal(positional.exitCode, 2);
  t.match(positional.stderr, '`sockspec doc` takes no arguments, got `close`');
});

t.test('no results file: exit 2, naming the path and what to run first', async (t) => {
  const dir = t.testdir();
  const r = await doc([], dir);
  t.equal(r.exitCode, 2);
  t.equal(r.stderr, 'sockspec doc: no results file at reports/results.json: run `npx sockspec` first (it writes reports/results.json), or name a results file with --results FILE');
  const other = await doc(['--results', path.join(dir, 'x.json')], dir);
  t.match(other.stderr, `no results file at ${path.join(dir, 'x.json')}`);
});

t.test('a reference that cannot be written: exit 3, naming it', async (t) => {
  const p = await project(t);
  await mkdir(path.join(p.dir, 'taken.md'));
  const r = await doc(['--out', 'taken.md'], p.dir);
  t.equal(r.exitCode, 3);
  t.match(r.stderr, /^sockspec doc: cannot write taken\.md: /);
});

t.test('--help', async (t) => {
  const r = await doc(['--help']);
  t.equal(r.exitCode, 0);
  t.match(r.stdout, /^Usage: sockspec doc \[options\]/);
});
