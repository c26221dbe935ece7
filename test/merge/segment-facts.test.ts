// Results files from before segments carried options, window scale and the injected mark still merge and render beside newer ones.
import t from 'tap';
import { labelSegments } from '../../harness/capture/label-segments.ts';
import { markInjected } from '../../harness/capture/mark-injected.ts';
import { reportProblems } from '../../harness/merge/check-report.ts';
import { mergeReports } from '../../harness/merge/merge-reports.ts';
import { htmlReport } from '../../harness/report/html/html-report.ts';
import { tapDiagnostic } from '../../harness/report/tap-writer.ts';
import type { RunReport } from '../../harness/result/case-result.ts';
import { caseResult, platform, runReport, segment } from '../fixtures/case-results.ts';
import { challengeAckRun } from '../capture/capture-fixture.ts';

const newer = (): RunReport => {
  const { raw, serverPorts, injectSteps } = challengeAckRun();
  const segments = markInjected(labelSegments(raw, serverPorts), injectSteps);
  return runReport([caseResult({ id: 'rst/challenge-ack-in-window', runtime: 'c', status: 'fail', expected: false, steps: injectSteps, capture: { status: 'captured', segments } })]);
};
// The shape every results file had before: no options, winScale, winBytes or injected on any segment.
const older = (): RunReport => runReport([caseResult({ runtime: 'c', status: 'fail', expected: false, capture: { status: 'captured', segments: [segment({ flags: ['ACK'], win: 64 })] } })], {
  startedAt: '2024-06-01T00:00:00.000Z', platform: platform({ os: 'darwin', release: '24.1.0' }),
});
const asFile = (r: RunReport): unknown => JSON.parse(JSON.stringify(r));

t.test('both shapes are results files', async (t) => {
  t.same(reportProblems(asFile(newer())), []);
  t.same(reportProblems(asFile(older())), []);
});

t.test('negative control: the new keys are checked when present', async (t) => {
  const r = asFile(newer()) as { results: { capture: { segments: Record<string, unknown>[] } }[] };
  const [syn, synAck] = r.results[0]!.capture.segments;
  syn!.options = 'mss 65495';
  synAck!.winBytes = '65536';
  synAck!.injected = 'yes';
  t.match(reportProblems(r), [/`results\[0\]\.capture\.segments\[0\]\.options` to be an array/, /segments\[1\]\.winBytes` to be a number/, /segments\[1\]\.injected` to be a boolean/]);
});

t.test('merged, each renders with what it has: the raw window for the older, bytes, options and the harness for the newer', async (t) => {
  const { report } = mergeReports([{ file: 'new/results.json', report: newer() }, { file: 'old/results.json', report: older() }], [], '9.9.9');
  const [fresh, old] = report.results.map((r) => (tapDiagnostic(r).segments ?? []) as string[]);
  t.match(old, [/ \[ACK\] seq 0 ack 0 win 64 len 0 \(abs/]);
  t.match(fresh![0], / \[SYN\] seq 0 win 65495 len 0 opts \[mss 65495, sackOK, TS val \d+ ecr 0, wscale 10\] /);
  t.match(fresh![2], / win 65536 \(64×2\^10\) len 0 /);
  t.equal(fresh!.filter((l) => / harness \(as server 127\.0\.0\.1:\d+\) > client /.test(l)).length, 2);
  const html = htmlReport(report);
  t.match(html, /class="host harness"/, 'the newer run has the harness\'s lane');
  t.match(html, /win 64<\/text>|win 64 /, 'the older run draws its raw window');
});
