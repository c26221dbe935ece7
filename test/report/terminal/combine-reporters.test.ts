// Every call reaches every reporter, in order; a reporter without caseStarted is simply not told.
import t from 'tap';
import { combineReporters } from '../../../harness/report/terminal/combine-reporters.ts';
import type { Reporter } from '../../../harness/report/reporter.ts';
import { caseResult, platform, runReport } from '../../fixtures/case-results.ts';

t.test('start, caseStarted, result and end go to each, in order', async (t) => {
  const calls: string[] = [];
  const full = (name: string): Reporter => ({
    start: () => calls.push(`${name} start`),
    caseStarted: (j) => calls.push(`${name} started ${j.id}`),
    result: (r, i) => calls.push(`${name} result ${r.id} ${i}`),
    end: () => calls.push(`${name} end`),
  });
  const bare: Reporter = { start: () => calls.push('bare start'), result: () => calls.push('bare result'), end: () => calls.push('bare end') };
  const both = combineReporters(full('a'), bare);
  both.start({ total: 1, platform: platform() });
  both.caseStarted?.({ id: 'x/y', runtime: 'c', variant: null, family: 'ipv4' });
  both.result(caseResult({ id: 'x/y' }), 0);
  both.end(runReport([]));
  t.same(calls, ['a start', 'bare start', 'a started x/y', 'a result x/y 0', 'bare result', 'a end', 'bare end']);
});

t.test('setup (preparing) reaches each reporter that listens for it, and skips one that does not', async (t) => {
  const heard: string[] = [];
  const listening: Reporter = { preparing: (s) => heard.push(s.phase), start() {}, result() {}, end() {} };
  const deaf: Reporter = { start() {}, result() {}, end() {} };
  combineReporters(deaf, listening, listening).preparing?.({ phase: 'probing' });
  t.same(heard, ['probing', 'probing']);
});
