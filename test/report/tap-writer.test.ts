import t from 'tap';
import type { CaseResult } from '../../harness/result/case-result.ts';
import { formatStep } from '../../harness/report/format-step.ts';
import { formatSegments } from '../../harness/result/format-segment.ts';
import { tapComment, tapDocument, tapHeader, tapPlan, tapPoint } from '../../harness/report/tap-writer.ts';
import { caseResult, everyStatus, runReport, WEIRD } from '../fixtures/case-results.ts';
import { parseTap as parse } from '../helpers/parse-tap.ts';
import YAML from 'yaml';

/** The notes under one ok point: its indented `  # ` lines, as the YAML they hold. */
const notesOf = (point: string): unknown =>
  YAML.parse(point.split('\n').filter((l) => l.startsWith('  # ') || l === '  #').map((l) => l.slice(4)).join('\n'));

/** What a name reads as after the trip through a TAP line. */
const lineSafe = (s: string): string =>
  s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\p{Surrogate}/gu, '\ufffd').trim().replace(/\{$/, '\uff5b');

t.test('every status parses in strict mode with the right ok / not ok / skip counts', async (t) => {
  const results = everyStatus();
  const parsed = await parse(tapDocument(runReport(results, { loadErrors: [] })));
  t.same(parsed.tapErrors, []);
  t.equal(parsed.final.count, results.length);
  t.equal(parsed.final.skip, 1);
  t.equal(parsed.final.fail, 5, 'fail, unexpected-pass, error, crash, timeout');
  t.equal(parsed.final.pass, 3, 'pass, skip, divergence');
  t.same(parsed.points.map((p) => p.ok), results.map((r) => ['pass', 'skip', 'divergence'].includes(r.status)));
});

t.test('names survive the line: #, backslash, quotes, unicode; line breaks and controls become spaces', async (t) => {
  const results = everyStatus();
  const parsed = await parse(tapDocument(runReport(results, { loadErrors: [] })));
  t.same(parsed.points.map((p) => p.name), results.map((r) => lineSafe(r.name)));
  t.match(parsed.points[1]?.name, 'hash # back\\slash');
});

t.test('the YAML diagnostic round-trips wanted, found, at and all failures', async (t) => {
  const results = everyStatus();
  const parsed = await parse(tapDocument(runReport(results, { loadErrors: [] })));
  const fail = results[1] as CaseResult;
  const diag = parsed.points[1]?.diag ?? {};
  t.equal(diag.status, 'fail');
  t.equal(diag.at, fail.failures[0]?.at);
  t.equal(diag.wanted, fail.failures[0]?.wanted);
  t.equal(diag.found, fail.failures[0]?.found);
  t.same(diag.failures, fail.failures, 'the weird wanted text comes back exactly');
  t.same(diag.steps, fail.steps.map(formatStep));
  t.equal((diag.segments as string[]).length, 2);
  t.same(diag.capture, { status: 'captured', pcap: 'pcaps/close-unread.pcap' });
  t.same(diag.wire, { status: 'checked' });
  t.equal(parsed.points[1]?.time, 12.346, 'duration_ms becomes the point time');
});

t.test('trouble carries the reason and the stderr tail of agents that did not exit cleanly', async (t) => {
  const results = everyStatus();
  const parsed = await parse(tapDocument(runReport(results, { loadErrors: [] })));
  const crash = parsed.points[6]?.diag ?? {};
  t.equal(crash.status, 'crash');
  t.equal(crash.reason, results[6]?.reason);
  const agents = crash.agents as { ended: string; stderr?: string }[];
  t.equal(agents[0]?.ended, 'server c pid 4242 crashed (signal SIGSEGV)');
  t.equal(agents[0]?.stderr, results[6]?.agents[0]?.stderrTail);
  t.equal(agents[1]?.stderr, undefined, 'empty stderr is left out');
  const timeout = parsed.points[7]?.diag ?? {};
  t.same(timeout.steps, ['1 client send "hello" → ok bytes=5 (0.04 ms)', '2 client recv timeoutMs=2000 → no reply']);
});

t.test('skip carries its reason as a directive; divergence is ok with its reason and source', async (t) => {
  const results = everyStatus();
  const parsed = await parse(tapDocument(runReport(results, { loadErrors: [] })));
  t.equal(parsed.points[2]?.skip, 'Deno has no SO_LINGER # really \uff5b');
  t.equal(parsed.points[3]?.diag, null, 'an ok point carries no YAML block (tap-out reads one only after a not ok)');
  t.same(notesOf(tapPoint(4, results[3]!)), { divergence: results[3]?.reason, source: results[3]?.source, wire: 'not checked: no capture' },
    'its notes are YAML behind indented comment marks, read back exactly');
  const checkedPoint = tapPoint(1, caseResult({ status: 'pass', wire: { status: 'checked' } }));
  t.equal(checkedPoint, 'ok 1 - close/all-read-sends-fin [node]\n', 'a pass whose wire was checked has no note');
  const unchecked = tapPoint(1, caseResult({ status: 'pass', wire: { status: 'skipped', reason: 'no CAP_NET_RAW' } }));
  t.same((await parse(tapHeader() + unchecked + tapPlan(1))).tapErrors, []);
  t.same(notesOf(unchecked), { wire: 'not checked: no CAP_NET_RAW' }, 'a pass says when its wire rules went unchecked');
  const bare = await parse(tapHeader() + tapPoint(1, caseResult({ status: 'skip' })) + tapPlan(1));
  t.equal(bare.points[0]?.skip, true);
});

t.test('unexpected pass and error are not ok with status and reason', async (t) => {
  const results = everyStatus();
  const parsed = await parse(tapDocument(runReport(results, { loadErrors: [] })));
  t.match(parsed.points[4]?.diag, { status: 'unexpected-pass', reason: results[4]?.reason, source: results[4]?.source });
  t.match(parsed.points[5]?.diag, { status: 'error', reason: results[5]?.reason });
  t.notOk('at' in (parsed.points[5]?.diag ?? {}), 'no failure, no at');
});

t.test('load errors become not ok points after the results, and the plan counts them', async (t) => {
  const report = runReport();
  const parsed = await parse(tapDocument(report));
  t.same(parsed.tapErrors, []);
  t.equal(parsed.final.count, report.results.length + 1);
  const last = parsed.points.at(-1);
  t.equal(last?.ok, false);
  t.equal(last?.name, 'load suites/close/broken.ts');
  t.equal(last?.diag?.message, report.loadErrors[0]?.message);
});

t.test('segments are formatted as the capture reads them, with the first segment as origin', async (t) => {
  const r = everyStatus()[1] as CaseResult;
  const parsed = await parse(tapHeader() + tapPoint(1, r) + tapPlan(1));
  const segments = parsed.points[0]?.diag?.segments as string[];
  t.same(segments, formatSegments(r.capture.segments));
  t.match(segments[0], /^\+0\.000ms .*\[SYN\]/);
  t.match(segments[1], /^\+0\.500ms .*\[RST, ACK\]/);
});

t.test('comments: one # line per input line, platform comment first', async (t) => {
  t.equal(tapComment('a\nb'), '# a\n# b\n');
  const parsed = await parse(tapHeader() + tapComment(WEIRD) + tapPlan(0));
  t.same(parsed.tapErrors, []);
  t.ok(parsed.comments.length >= 2);
  t.match(tapDocument(runReport([], { loadErrors: [] })), /^TAP version 13\n# platform: linux 6\.8\.0-test x64, node v20\.20\.2, isolation none, capture unavailable \(tcpdump not found\)\n1\.\.0\n$/);
});
