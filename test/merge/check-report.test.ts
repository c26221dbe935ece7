// What makes a file a results file: each problem names the key, what was wanted and what was found.
import t from 'tap';
import { reportProblems } from '../../harness/merge/check-report.ts';
import { runReport } from '../fixtures/case-results.ts';

const plain = (): Record<string, unknown> => JSON.parse(JSON.stringify(runReport())) as Record<string, unknown>;

t.test('a run\'s report has no problems, with or without `cases` (older files)', async (t) => {
  t.same(reportProblems(plain()), []);
  const { cases: _cases, ...older } = plain();
  t.same(reportProblems(older), []);
});

t.test('not an object, or another kind of JSON, is named', async (t) => {
  t.match(reportProblems([1, 2]), ['Expected `the file` to be an object, got `[1,2]` (array)']);
  t.match(reportProblems({ name: 'some-package', version: '1.0.0' }), [/Expected `sockspec` to be present, got nothing/]);
});

t.test('a bad field deep inside names its path', async (t) => {
  const r = plain();
  (r.results as Record<string, unknown>[])[2]!.status = 'bogus';
  ((r.results as Record<string, unknown>[])[1]!.steps as Record<string, unknown>[])[0]!.request = 'send';
  const problems = reportProblems(r);
  t.match(problems, [/^Expected `results\[1\]\.steps\[0\]\.request` to be an object, got `"send"` \(string\)$/, /^Expected `results\[2\]\.status` to be one of "pass", .*"timeout", got `"bogus"` \(string\)$/]);
});

t.test('keys a newer sockspec may add are allowed', async (t) => {
  t.same(reportProblems({ ...plain(), flavour: 'new' }), []);
});

t.test('a merged report\'s results must each name one of its runs', async (t) => {
  const r = plain();
  const origin = { ...(r.platform as object), label: 'linux', source: 'a/results.json', sockspec: '0.1.0', startedAt: '2025-01-02T03:04:05.678Z', runtimes: [], columns: ['node'], summary: r.summary };
  (r.results as Record<string, unknown>[]).forEach((x) => { x.platform = 'linux'; });
  t.same(reportProblems({ ...r, platforms: [origin] }), []);
  (r.results as Record<string, unknown>[])[0]!.platform = 'darwin';
  t.match(reportProblems({ ...r, platforms: [origin] }), [/^Expected `results\[0\]\.platform` to be one of the labels in `platforms` \(linux\), got `"darwin"`/]);
});

t.test('startedAt must be a time: a merge places every run on one time line', async (t) => {
  t.match(reportProblems({ ...plain(), startedAt: 'yesterday' }), [/^Expected `startedAt` to be an ISO 8601 time \(2025-01-02T03:04:05.678Z\), got `"yesterday"` \(string\)$/]);
  const r = plain();
  const origin = { ...(r.platform as object), label: 'linux', source: 'a/results.json', sockspec: '0.1.0', startedAt: 12, runtimes: [], columns: [], summary: r.summary };
  t.match(reportProblems({ ...r, platforms: [origin] }), [/^Expected `platforms\[0\]\.startedAt` to be an ISO 8601 time/]);
});
