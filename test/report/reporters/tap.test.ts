// The streamed TAP is results.tap: the same points, strictly parseable, whatever order results finish in.
import { Writable } from 'node:stream';
import t from 'tap';
import { tapReporter } from '../../../harness/report/reporters/tap.ts';
import { tapDocument } from '../../../harness/report/tap-writer.ts';
import { platform, runReport } from '../../fixtures/case-results.ts';
import { parseTap } from '../../helpers/parse-tap.ts';

t.test('header, a point per result, load errors, the plan: equal to tapDocument, and strict TAP', async (t) => {
  let text = '';
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
  const report = runReport();
  const reporter = tapReporter(stream, { color: true, live: true });
  reporter.start({ total: report.results.length, platform: platform() });
  reporter.caseStarted?.({ id: 'x', runtime: 'c', variant: null, family: 'ipv4' });
  report.results.forEach((r, i) => reporter.result(r, i));
  reporter.end(report);
  t.equal(text, tapDocument(report), 'what is streamed is what results.tap holds');
  t.notMatch(text, /\u001b|\r/, 'colour and a terminal change nothing: TAP is TAP');
  const parsed = await parseTap(text);
  t.same(parsed.tapErrors, []);
  t.equal(parsed.final.count, report.results.length + report.loadErrors.length);
});

t.test('closing lines come after the plan as comments, so the stream stays strict TAP to its last byte', async (t) => {
  let text = '';
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
  const report = runReport();
  const reporter = tapReporter(stream, { color: false });
  reporter.start({ total: report.results.length, platform: platform() });
  report.results.forEach((r, i) => reporter.result(r, i));
  reporter.end(report);
  reporter.closing?.(['1 of the passes are documented divergences from the kernel layer', '3 passed, 6 failed, 1 skipped']);
  t.match(text, /\n1\.\.\d+\n# 1 of the passes are documented divergences from the kernel layer\n# 3 passed, 6 failed, 1 skipped\n$/);
  const parsed = await parseTap(text);
  t.same(parsed.tapErrors, []);
  t.same(parsed.comments.slice(-2), ['# 1 of the passes are documented divergences from the kernel layer\n', '# 3 passed, 6 failed, 1 skipped\n']);
  const bare = await parseTap(`${text}3 passed, 6 failed, 1 skipped\n`);
  t.not(bare.tapErrors.length, 0, 'negative control: the same line bare is not TAP');
});
