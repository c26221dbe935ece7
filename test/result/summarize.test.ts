import t from 'tap';
import { summarize } from '../../harness/result/summarize.ts';
import { summaryLine } from '../../harness/report/summary-line.ts';
import { everyStatus } from '../fixtures/case-results.ts';

t.test('passed counts divergences, failed counts trouble, divergences are also counted alone', async (t) => {
  t.same(summarize(everyStatus(), 1234.5), { passed: 2, failed: 5, skipped: 1, divergences: 1, durationMs: 1234.5 });
});

t.test('an empty run', async (t) => {
  t.same(summarize([], 0), { passed: 0, failed: 0, skipped: 0, divergences: 0, durationMs: 0 });
});

t.test('the plain line is exactly "N passed, N failed, N skipped"', async (t) => {
  t.equal(summaryLine(summarize(everyStatus(), 1)), '2 passed, 5 failed, 1 skipped');
  t.equal(summaryLine({ passed: 0, failed: 0, skipped: 0, divergences: 3, durationMs: 9 }), '0 passed, 0 failed, 0 skipped');
});
