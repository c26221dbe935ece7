// `sockspec merge` as CI runs it: real results files from separate runs (one per runtime), and
// darwin/win32 reports derived from them, merged into one matrix whose JUnit passes the XSD.
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { execa } from 'execa';
import type { RunReport } from '../../harness/result/case-result.ts';
import { ROOT, runCli } from '../helpers/run-cli.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { testcaseNames, validateJunit } from '../helpers/validate-junit.ts';

// Fast cases (no kernel timers): with a namespace they capture, so --keep-pcaps gives pcaps to carry along.
const CASES = ['close/all-read-sends-fin', 'connect/refused-closed-port', 'close/abortive-linger-zero'];
const dir = t.testdir();
const [c, python] = await Promise.all([
  runCli(['--runtime', 'c', '--reporter', 'tap', '--keep-pcaps', ...CASES], path.join(dir, 'c-linux')),
  runCli(['--runtime', 'python', '--reporter', 'tap', ...CASES], path.join(dir, 'python-linux')),
]);
if (c.report === null || python.report === null) throw new Error(`a run wrote no results.json:\n${c.stderr}\n${python.stderr}`);

/** A report as if the same runtime had run on another OS: its facts changed, its results as they are. */
const elsewhere = (report: RunReport, name: string, os: string, release: string): string => {
  const out = path.join(dir, name);
  mkdirSync(out, { recursive: true });
  const moved: RunReport = { ...report, startedAt: '2025-03-04T05:06:07.000Z', platform: { ...report.platform, os, release, isolation: 'none', capture: 'unavailable', captureReason: `network namespaces are Linux-only (this is ${os})` } };
  writeFileSync(path.join(out, 'results.json'), JSON.stringify(moved, null, 2));
  return out;
};
const darwin = elsewhere(c.report, 'c-darwin', 'darwin', '24.1.0');
const win32 = elsewhere(python.report, 'python-win32', 'win32', '10.0.26100');

interface Merge { exitCode: number | undefined; stdout: string; stderr: string; out: string; report: RunReport | null; tap: string; junit: string; html: string }

const merge = async (args: string[], out = path.join(t.testdirName, `merged-${Math.random().toString(36).slice(2)}`), env: Record<string, string> = {}): Promise<Merge> => {
  const r = await execa(process.execPath, [path.join(ROOT, 'bin', 'sockspec.js'), 'merge', ...args, '--out', out], { cwd: ROOT, reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '', ...env } });
  const read = (f: string): string => (existsSync(path.join(out, f)) ? readFileSync(path.join(out, f), 'utf8') : '');
  const json = read('results.json');
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr), out, report: json === '' ? null : (JSON.parse(json) as RunReport), tap: read('results.tap'), junit: read('junit.xml'), html: read('index.html') };
};

const cFile = path.join(dir, 'c-linux', 'results.json');
const pythonDir = path.join(dir, 'python-linux');

t.test('one run per runtime on one OS merges into one matrix', async (t) => {
  const m = await merge([cFile, pythonDir]);
  t.equal(m.exitCode, c.exitCode === 0 && python.exitCode === 0 ? 0 : 1, m.stderr);
  const r = m.report!;
  t.equal(r.results.length, c.report!.results.length + python.report!.results.length);
  t.same(new Set(r.results.map((x) => x.platform)), new Set(['linux']));
  t.same(r.platforms?.map((p) => [p.label, p.columns, p.source]), [['linux', ['c'], cFile], ['linux', ['python'], path.join(pythonDir, 'results.json')]]);
  t.same(r.runtimes.map((x) => x.name), ['c', 'python']);
  const first = r.results[0]!.id;
  t.same(r.results.slice(0, 2).map((x) => x.name), [`${first} [c, ipv4]`, `${first} [python, ipv4]`], 'case by case');
  t.equal(validateJunit(m.junit), null);
  t.match(m.junit, /<testsuite name="sockspec \[c, ipv4\] \(linux\)"/);
  t.match(m.junit, /<testsuite name="sockspec \[python, ipv4\] \(linux\)"/);
  t.match(m.stdout, /^\d+ passed, \d+ failed, \d+ skipped$/m);
});

t.test('linux, darwin and win32 runs: one report, every cell named uniquely, JUnit valid against junit-10.xsd', async (t) => {
  const m = await merge([cFile, pythonDir, darwin, win32]);
  const r = m.report!;
  t.same(r.platforms?.map((p) => p.label), ['linux', 'linux', 'darwin', 'win32']);
  t.same(r.platforms?.map((p) => p.os), ['linux', 'linux', 'darwin', 'win32'], 'each file\'s platform facts kept');
  t.equal(r.platforms?.[2]?.release, '24.1.0');
  t.equal(r.results.length, 2 * (c.report!.results.length + python.report!.results.length));
  t.same(r.summary.passed + r.summary.failed + r.summary.skipped, r.results.length, 'recomputed over every result');

  t.equal(validateJunit(m.junit), null);
  const names = testcaseNames(m.junit);
  t.equal(names.length, r.results.length);
  t.equal(new Set(names).size, names.length, 'no two test cases share a name');
  t.ok(names.includes(`${CASES[1]} [c, ipv4] (darwin)`));
  t.ok(names.includes(`${CASES[1]} [python, ipv4] (win32)`));

  const tap = await parseTap(m.tap);
  t.same(tap.tapErrors, []);
  t.equal(tap.final.count, r.results.length);
  t.equal(new Set(tap.points.map((p) => p.name)).size, tap.points.length);
  t.match(m.html, /<html/);
  for (const os of ['linux', 'darwin', 'win32']) t.match(m.html, os, `the page names ${os}`);
});

t.test('the captures a run kept come along under pcap/<platform>/', { skip: c.report.results.every((x) => x.capture.pcap === undefined) && 'no capture here (no network namespace)' }, async (t) => {
  const m = await merge([cFile, darwin]);
  const kept = m.report!.results.filter((x) => x.capture.pcap !== undefined);
  t.ok(kept.length > 0);
  for (const x of kept) {
    t.match(x.capture.pcap, new RegExp(`^pcap/${x.platform}/[\\w.-]+\\.pcap$`));
    t.ok(existsSync(path.join(m.out, x.capture.pcap!)), `${x.capture.pcap} is there`);
  }
});

t.test('a capture path in an input that climbs out of its run folder is never read: left out, with a note', async (t) => {
  const out = path.join(dir, 'climbing');
  mkdirSync(out, { recursive: true });
  // A secret beside the run folder, that a crafted results.json points at.
  writeFileSync(path.join(dir, 'secret.pcap'), 'not a capture of this run');
  const first = c.report!.results[0]!;
  const crafted: RunReport = { ...c.report!, results: [{ ...first, capture: { ...first.capture, pcap: '../secret.pcap' } }, ...c.report!.results.slice(1)] };
  writeFileSync(path.join(out, 'results.json'), JSON.stringify(crafted));
  const m = await merge([out]);
  t.equal(m.report!.results.find((x) => x.name === first.name)?.capture.pcap, undefined, 'the result keeps no capture');
  t.match(m.stderr, /is left out: cannot copy it: its path "\.\.\/secret\.pcap" is not pcap\/<name>\.pcap/, 'a note says why');
  const copied = existsSync(path.join(m.out, 'pcap')) ? execa('grep', ['-rl', 'not a capture of this run', path.join(m.out, 'pcap')], { reject: false }) : null;
  t.equal(copied === null ? '' : String((await copied).stdout), '', 'the secret was not copied');
});

t.test('bad input is data: each bad file is named with what was wanted, the others still merge, exit 1', async (t) => {
  const bad = t.testdir({ 'not-json.json': '{"sockspec": "0.1.0", ', 'package.json': '{"name": "x", "version": "1.0.0"}' });
  const missing = path.join(bad, 'missing', 'results.json');
  const m = await merge([cFile, missing, path.join(bad, 'not-json.json'), path.join(bad, 'package.json'), win32]);
  t.equal(m.exitCode, 1);
  t.match(m.stderr, `sockspec merge: ${missing}: Expected a sockspec results file (the results.json a run writes), got no such file`);
  t.match(m.stderr, /not-json\.json: Expected a sockspec results file .*, got text that is not JSON/);
  t.match(m.stderr, /package\.json: Expected a sockspec results file .*, got JSON that is not one: Expected `sockspec` to be present, got nothing/);
  const r = m.report!;
  t.same(r.platforms?.map((p) => p.label), ['linux', 'win32'], 'the good files merged');
  t.same(r.loadErrors.map((e) => e.file), [missing, path.join(bad, 'not-json.json'), path.join(bad, 'package.json')]);
  const tap = await parseTap(m.tap);
  t.equal(tap.points.filter((p) => !p.ok && p.name.startsWith('load ')).length, 3, 'each a not-ok point');
  t.equal(validateJunit(m.junit), null);
});

t.test('reports that cannot be written: exit 3, naming the path', async (t) => {
  const blocked = t.testdir({ 'a-file': 'not a folder' });
  const m = await merge([cFile], path.join(blocked, 'a-file', 'merged'));
  t.equal(m.exitCode, 3);
  t.match(m.stderr, /sockspec merge: cannot write the reports: .*a-file/);
});

t.test('nothing readable: exit 1 and no reports', async (t) => {
  const m = await merge([path.join(dir, 'nowhere.json')]);
  t.equal(m.exitCode, 1);
  t.match(m.stderr, /nothing to merge: none of the 1 file\(s\) could be read; no reports written/);
  t.equal(m.report, null);
});

t.test('--expect, every cell there: the merge is as without it, and says so', async (t) => {
  const m = await merge([cFile, pythonDir, '--expect', 'c-linux, python-linux']);
  t.equal(m.exitCode, c.exitCode === 0 && python.exitCode === 0 ? 0 : 1, m.stderr);
  t.match(m.stdout, /^# expected 2 cell\(s\): 2 present$/m);
  t.same(m.report!.loadErrors, []);
});

t.test('--expect, one cell left out: exit 1 naming it on stderr and in every report; the others merged', async (t) => {
  const m = await merge([cFile, pythonDir, '--expect', 'c-linux,python-linux', '-e', 'c-darwin']);
  t.equal(m.exitCode, 1);
  t.match(m.stderr, /^sockspec merge: c-darwin: Expected this cell's reports \(a report folder or results.json named c-darwin among the inputs\), got no input of that name/m);
  t.match(m.stdout, /^# expected 3 cell\(s\): 2 present, 1 missing \(c-darwin\)$/m);
  const r = m.report!;
  t.equal(r.results.length, c.report!.results.length + python.report!.results.length, 'the present cells merged');
  t.same(r.loadErrors.map((e) => e.file), ['c-darwin']);
  t.equal(r.summary.failed, c.report!.summary.failed + python.report!.summary.failed + 1, 'counted as a failure');
  const tap = await parseTap(m.tap);
  t.same(tap.tapErrors, []);
  t.ok(tap.points.some((p) => !p.ok && p.name === 'load c-darwin'), 'a not-ok point in the TAP');
  t.equal(validateJunit(m.junit), null);
  t.match(m.junit, /<testcase classname="load" name="c-darwin"/);
  t.match(m.html, /<code>c-darwin<\/code>/);
});

t.test('--expect, a cell no one expected: merged all the same, named, exit 1', async (t) => {
  const m = await merge([cFile, pythonDir, '--expect', 'c-linux']);
  t.equal(m.exitCode, 1);
  t.match(m.stderr, /merged, but its cell python-linux is not one --expect lists \(c-linux\)/);
  t.match(m.stdout, /^# expected 1 cell\(s\): 1 present, 1 not expected$/m);
  t.equal(m.report!.results.length, c.report!.results.length + python.report!.results.length);
});

t.test('under GitHub Actions a missing cell is an ::error annotation too', async (t) => {
  const m = await merge([cFile, '--expect', 'c-linux,sockspec-windows-latest-go'], undefined, { GITHUB_ACTIONS: 'true' });
  t.match(m.stderr, /^::error title=sockspec merge%3A sockspec-windows-latest-go::sockspec-windows-latest-go: Expected this cell's reports/m);
  const plain = await merge([cFile, '--expect', 'c-linux,sockspec-windows-latest-go']);
  t.notMatch(plain.stderr, /::error/, 'negative control: not outside GitHub Actions');
});

t.test('the wall time is the span of the runs; each run\'s own time is kept and printed', async (t) => {
  const m = await merge([cFile, pythonDir]);
  const runs = [c.report!, python.report!];
  const start = Math.min(...runs.map((x) => Date.parse(x.startedAt)));
  const end = Math.max(...runs.map((x) => Date.parse(x.startedAt) + x.summary.durationMs));
  t.equal(m.report!.summary.durationMs, end - start);
  t.equal(m.report!.startedAt, new Date(start).toISOString());
  t.same(m.report!.platforms?.map((p) => p.summary.durationMs), runs.map((x) => x.summary.durationMs));
  t.match(m.stdout, new RegExp(`c: .* in ${(c.report!.summary.durationMs / 1000).toFixed(1)} s$`, 'm'));
  t.match(m.stdout, new RegExp(`^# wall time ${((end - start) / 1000).toFixed(1)} s, from the first run's start to the last run's end$`, 'm'));
  t.match(m.html, /wall time of the runs, first start to last end/);
});

t.test('usage: no file or an unknown option is exit 2; --help lists the options and exit codes', async (t) => {
  const none = await merge([]);
  t.equal(none.exitCode, 2);
  t.match(none.stderr, /merge: Expected at least one results.json/);
  const unknown = await merge([cFile, '--bogus']);
  t.equal(unknown.exitCode, 2);
  t.match(unknown.stderr, /Unknown option '--bogus'; known options: --out, --expect, --help/);
  const empty = await merge([cFile, '--expect', ' , ']);
  t.equal(empty.exitCode, 2);
  t.match(empty.stderr, /merge: Expected --expect to name at least one cell/);
  const help = await merge(['--help']);
  t.equal(help.exitCode, 0);
  t.match(help.stdout, /^Usage: sockspec merge/);
  t.match(help.stdout, /-o, --out DIR .*default: reports[\\/]merged/);
  t.match(help.stdout, /-e, --expect CELLS /);
  t.match(help.stdout, /Exit codes: 0 /);
});

t.test('a merged report merges again, with more runs, to the same cells', async (t) => {
  const first = await merge([cFile, darwin]);
  const again = await merge([first.out, win32]);
  t.equal(again.exitCode === 0 || again.exitCode === 1, true, again.stderr);
  const names = testcaseNames(again.junit);
  t.equal(new Set(names).size, names.length);
  t.same(again.report!.platforms?.map((p) => [p.label, p.source]), [['linux', cFile], ['darwin', path.join(darwin, 'results.json')], ['win32', path.join(win32, 'results.json')]]);
  t.equal(again.report!.results.length, first.report!.results.length + python.report!.results.length);
});
