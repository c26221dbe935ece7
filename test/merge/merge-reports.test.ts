// Merging reports in memory: labels, order, cases, runtimes, load errors and counts; the writers keep every cell's name unique.
import t from 'tap';
import { mergeReports, runSpan, type MergeSource } from '../../harness/merge/merge-reports.ts';
import { junitXml } from '../../harness/report/junit-writer.ts';
import { tapDocument } from '../../harness/report/tap-writer.ts';
import type { CaseInfo } from '../../harness/result/case-info.ts';
import type { RunReport } from '../../harness/result/case-result.ts';
import { everyStatus, platform, runReport } from '../fixtures/case-results.ts';
import { parseTap } from '../helpers/parse-tap.ts';
import { testcaseNames, validateJunit } from '../helpers/validate-junit.ts';

const info = (id: string, more: Partial<CaseInfo> = {}): CaseInfo => ({
  id, description: id, spec: ['RFC 9293'], tags: [], topology: 'loopback', steps: [], wire: [], divergences: [], variants: [], ...more,
});
const linux = runReport(everyStatus(), { cases: [info('close/all-read-sends-fin'), info('close/unread-data-sends-rst')] });
const darwin = runReport(everyStatus(), {
  startedAt: '2025-01-02T03:00:00.000Z',
  platform: platform({ os: 'darwin', release: '24.1.0', arch: 'arm64', isolation: 'none', capture: 'unavailable', captureReason: 'network namespaces are Linux-only (this is darwin)' }),
  cases: [info('close/unread-data-sends-rst', { divergences: [{ platform: 'darwin', verified: false, reason: 'BSD', source: 'xnu' }] })],
});
const sources: MergeSource[] = [{ file: 'linux/results.json', report: linux }, { file: 'darwin/results.json', report: darwin }];
const { report, notes } = mergeReports(sources, [{ file: 'win32/results.json', message: 'win32/results.json: Expected a sockspec results file, got no such file' }], '9.9.9');

t.test('every result is kept and tagged with its run\'s OS; each run\'s facts are kept in `platforms`', async (t) => {
  t.equal(report.results.length, 2 * everyStatus().length);
  t.same(new Set(report.results.map((r) => r.platform)), new Set(['linux', 'darwin']));
  t.same(report.platforms?.map((p) => [p.label, p.os, p.release, p.arch, p.source, p.startedAt]), [
    ['linux', 'linux', '6.8.0-test', 'x64', 'linux/results.json', '2025-01-02T03:04:05.678Z'],
    ['darwin', 'darwin', '24.1.0', 'arm64', 'darwin/results.json', '2025-01-02T03:00:00.000Z'],
  ]);
  t.same(report.platforms?.[0]?.columns, ['node', 'deno', 'node@pauseOnConnect', 'c']);
  t.equal(report.startedAt, '2025-01-02T03:00:00.000Z', 'the earliest run');
  t.equal(report.sockspec, '9.9.9', 'the merging sockspec');
  t.same(notes, []);
});

t.test('results go case by case, each case\'s runs together in the order given', async (t) => {
  const ids = report.results.map((r) => r.id);
  t.same(ids.slice(0, 2), ['close/all-read-sends-fin', 'close/all-read-sends-fin'], 'the cases\' catalogue order first');
  t.same(report.results.slice(0, 2).map((r) => r.platform), ['linux', 'darwin']);
  t.same([...new Set(ids)], [...new Set(ids)].filter((id, i, all) => all.indexOf(id) === i), 'each id in one block');
  for (const id of new Set(ids)) {
    const at = ids.flatMap((x, i) => (x === id ? [i] : []));
    t.equal(at.at(-1)! - at[0]! + 1, at.length, `${id} is contiguous`);
  }
});

t.test('cases by id: the first declaration, plus divergences and variants found later', async (t) => {
  t.same(report.cases.map((c) => c.id), ['close/all-read-sends-fin', 'close/unread-data-sends-rst']);
  t.same(report.cases[1]?.divergences.map((d) => d.reason), ['BSD']);
});

t.test('runtimes are unioned by column: versions seen, and where none ran, each run\'s reason', async (t) => {
  t.same(report.runtimes.map((r) => r.name), ['node', 'c', 'deno', 'python']);
  t.match(report.runtimes.find((r) => r.name === 'deno'), { available: false, reason: 'linux: deno not found; darwin: deno not found' });
  t.match(report.runtimes.find((r) => r.name === 'node'), { available: true, version: 'v20.20.2' });
});

t.test('the platform sums up the runs; capture is available only where every run had it', async (t) => {
  t.match(report.platform, { os: 'linux, darwin', arch: 'x64, arm64', isolation: 'none', capture: 'unavailable' });
  t.match(report.platform.captureReason, /no capture on linux, darwin/);
});

t.test('load errors: one per file and message, naming the runs; unreadable files are load errors too', async (t) => {
  t.equal(report.loadErrors.length, 2);
  t.match(report.loadErrors[0], { file: 'suites/close/broken.ts', platform: 'linux, darwin' });
  t.same(report.loadErrors[1], { file: 'win32/results.json', message: 'win32/results.json: Expected a sockspec results file, got no such file' });
});

t.test('the summary is recomputed over every result, the load errors counted as failures', async (t) => {
  // darwin started at 03:00:00.000, linux at 03:04:05.678; each ran 1234.5678 ms.
  const span = Date.parse('2025-01-02T03:04:05.678Z') + 1234.5678 - Date.parse('2025-01-02T03:00:00.000Z');
  t.same(report.summary, { passed: 4, failed: 10 + 2, skipped: 2, divergences: 2, durationMs: span });
});

t.test('wall time: the span of the runs (earliest start to latest end), not the sum; each run keeps its own time', async (t) => {
  const at = (startedAt: string, durationMs: number): { startedAt: string; summary: { durationMs: number } } => ({ startedAt, summary: { durationMs } });
  // CI's cells run side by side: three overlapping runs take the longest reach, not 3 × their time.
  const parallel = [at('2025-01-02T03:00:01.000Z', 60_000), at('2025-01-02T03:00:00.000Z', 90_000), at('2025-01-02T03:00:30.000Z', 30_000)];
  t.same(runSpan(parallel), { startedAt: '2025-01-02T03:00:00.000Z', durationMs: 90_000 });
  t.not(runSpan(parallel).durationMs, 180_000, 'negative control: the sum is not the span');
  // One after the other with a pause between: the pause is part of the wait, so the span exceeds the sum.
  const apart = [at('2025-01-02T04:00:00.000Z', 10_000), at('2025-01-02T03:00:00.000Z', 10_000)];
  t.same(runSpan(apart), { startedAt: '2025-01-02T03:00:00.000Z', durationMs: 3_610_000 });
  t.same(runSpan([at('2025-01-02T03:00:00.000+02:00', 5)]), { startedAt: '2025-01-02T01:00:00.000Z', durationMs: 5 }, 'an offset is read as the time it says');
  t.same(report.platforms?.map((p) => p.summary.durationMs), [1234.5678, 1234.5678], 'each run\'s own time, in `platforms`');
});

t.test('JUnit: valid against junit-10.xsd, a suite per column and OS, every test case name unique', async (t) => {
  const xml = junitXml(report, { hostname: 'merger' });
  t.equal(validateJunit(xml), null);
  const names = testcaseNames(xml);
  t.equal(names.length, report.results.length + report.loadErrors.length);
  t.equal(new Set(names).size, names.length, 'unique');
  t.ok(names.includes('close/all-read-sends-fin [node] (darwin)'));
  t.match(xml, /<testsuite name="sockspec \[deno, ipv4\] \(darwin\)"[^>]*timestamp="2025-01-02T03:00:00.000Z"/);
  t.match(xml, /<property name="os" value="darwin"\/>\n\s*<property name="os release" value="24.1.0"\/>/);
  t.match(xml, /<property name="results file" value="darwin\/results.json"\/>/);
  t.match(xml, /<testcase classname="load" name="suites\/close\/broken.ts \(linux, darwin\)"/);
});

t.test('TAP: strict, a point per result and load error, names unique, a platform comment per run', async (t) => {
  const parsed = await parseTap(tapDocument(report));
  t.same(parsed.tapErrors, []);
  t.equal(parsed.final.count, report.results.length + report.loadErrors.length);
  t.equal(new Set(parsed.points.map((p) => p.name)).size, parsed.points.length);
  t.match(parsed.comments.filter((c) => c.startsWith('# platform')), [/^# platform linux \[node, deno, node@pauseOnConnect, c\]: linux 6.8.0-test x64/, /^# platform darwin \[.*\]: darwin 24.1.0 arm64/]);
});

t.test('merging a merged report (as read back from its file) again changes nothing', async (t) => {
  const written = JSON.parse(JSON.stringify(report)) as RunReport;
  const again = mergeReports([{ file: 'merged/results.json', report: written }], [], '9.9.9').report;
  t.same(again.results, written.results);
  t.same(again.platforms, report.platforms);
  t.same(again.summary, report.summary);
  t.same(again.loadErrors, report.loadErrors);
});

t.test('the same run given twice is merged once, with a note', async (t) => {
  const twice = mergeReports([sources[0]!, { file: 'copy/results.json', report: linux }], [], '9.9.9');
  t.equal(twice.report.results.length, everyStatus().length);
  t.same(twice.notes, ['copy/results.json: the same run as linux/results.json; left out']);
});

t.test('two runs of one OS with the same cells are told apart by release', async (t) => {
  const newer = runReport(everyStatus(), { startedAt: '2025-02-01T00:00:00.000Z', platform: platform({ release: '6.11.0-test' }) });
  const m = mergeReports([sources[0]!, { file: 'newer/results.json', report: newer }], [], '9.9.9').report;
  t.same(m.platforms?.map((p) => p.label), ['linux 6.8.0-test', 'linux 6.11.0-test']);
  const names = testcaseNames(junitXml(m));
  t.equal(new Set(names).size, names.length);
});

t.test('a kept pcap is moved under pcap/<label>/ and its source resolved from the results file\'s folder', async (t) => {
  const m = mergeReports(sources, [], '9.9.9');
  const withPcap = m.report.results.filter((r) => r.capture.pcap !== undefined);
  t.same(withPcap.map((r) => r.capture.pcap), ['pcap/linux/close-unread.pcap', 'pcap/darwin/close-unread.pcap']);
  t.match(m.pcaps.map((p) => p.from), [/linux[\\/]pcaps[\\/]close-unread\.pcap$/, /darwin[\\/]pcaps[\\/]close-unread\.pcap$/]);
  t.equal(linux.results[1]?.capture.pcap, 'pcaps/close-unread.pcap', 'the input is not changed');
});

t.test('a pcap path written on Windows (backslashes) resolves on any OS', async (t) => {
  const windows = runReport(everyStatus().map((r) => (r.capture.pcap ? { ...r, capture: { ...r.capture, pcap: 'pcap\\close-unread.pcap' } } : r)), { platform: platform({ os: 'win32' }) });
  const m = mergeReports([{ file: 'win/results.json', report: windows }], [], '9.9.9');
  t.same(m.pcaps.map((p) => p.to), ['pcap/win32/close-unread.pcap']);
  t.match(m.pcaps[0]?.from, /win[\\/]pcap[\\/]close-unread\.pcap$/);
});

t.test('runs with different family sets merge: an ipv4 run and an ipv6 run of one OS are one platform, each cell its own; families are their union', async (t) => {
  const v6 = everyStatus().map((r) => ({ ...r, family: 'ipv6' as const, name: r.name.replace(/\]/, ', ipv6]') }));
  const only6 = runReport(v6, { startedAt: '2025-01-02T04:00:00.000Z', families: ['ipv6'] });
  const merged = mergeReports([{ file: 'v4/results.json', report: linux }, { file: 'v6/results.json', report: only6 }], [], '9.9.9').report;
  t.same(merged.platforms?.map((p) => p.label), ['linux', 'linux'], 'no cell in common: no release in the label');
  t.same(merged.families, ['ipv4', 'ipv6']);
  t.equal(merged.results.filter((r) => r.family === 'ipv6').length, everyStatus().length);
  const junit = junitXml(merged, { hostname: 'h' });
  t.equal(validateJunit(junit), null);
  t.equal(new Set(testcaseNames(junit)).size, testcaseNames(junit).length, 'every testcase name unique');
  // The control: the same family twice is the same cells, told apart by release.
  const again = mergeReports([{ file: 'a/results.json', report: only6 }, { file: 'b/results.json', report: { ...only6, startedAt: '2025-01-02T05:00:00.000Z' } }], [], '9.9.9').report;
  t.same(again.platforms?.map((p) => p.label), ['linux 6.8.0-test #1', 'linux 6.8.0-test #2']);
  t.same(again.families, ['ipv6']);
});

t.test('a kernel run and an mptcp run of one OS merge as one platform, each cell its own; nets are their union (kernel first)', async (t) => {
  const onMptcp = everyStatus().map((r) => ({ ...r, net: 'mptcp', name: r.name.replace(/\]/, ', mptcp]') }));
  const mptcp = runReport(onMptcp, { startedAt: '2025-01-02T04:00:00.000Z', nets: ['mptcp'] });
  const merged = mergeReports([{ file: 'm/results.json', report: mptcp }, { file: 'k/results.json', report: linux }], [], '9.9.9').report;
  t.same(merged.platforms?.map((p) => p.label), ['linux', 'linux'], 'no cell in common: no release in the label');
  t.same(merged.nets, ['kernel', 'mptcp']);
  t.equal(merged.results.filter((r) => r.net === 'mptcp').length, everyStatus().length);
  const junit = junitXml(merged, { hostname: 'h' });
  t.equal(new Set(testcaseNames(junit)).size, testcaseNames(junit).length, 'every testcase name unique');
  const { reportProblems } = await import('../../harness/merge/check-report.ts');
  t.same(reportProblems(merged), [], 'a merged report with nets is a report');
  t.match(reportProblems({ ...merged, results: [{ ...merged.results[0]!, net: 5 as unknown as string }] }), [/results\[0\]\.net/], 'a net that is not a name is not');
  // The control: kernel runs alone say no nets, as a single kernel run does.
  t.equal(mergeReports([{ file: 'k/results.json', report: linux }], [], '9.9.9').report.nets, undefined);
});
