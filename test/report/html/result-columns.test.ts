import t from 'tap';
import { columnKeyOf, columnLabel, resultColumns } from '../../../harness/report/html/result-columns.ts';
import { platformOf } from '../../../harness/result/result-platform.ts';
import type { CaseResult, RunReport } from '../../../harness/result/case-result.ts';
import { caseResult, runReport } from '../../fixtures/case-results.ts';

const at = (runtime: string, variant: string | null = null, platform?: string): CaseResult =>
  caseResult({ runtime, variant, ...(platform ? { platform } : {}) });

t.test('the C reference leads, then runtimes by name with their versions beside them, then pairs', async (t) => {
  const results = ['python', 'node@22.1.0', 'node:python', 'bun', 'node', 'c:node', 'c', 'deno'].map((r) => at(r));
  const { columns, multiPlatform, hasVariants } = resultColumns(runReport(results));
  t.same(columns.map((c) => c.runtime), ['c', 'bun', 'deno', 'node', 'node@22.1.0', 'python', 'c:node', 'node:python']);
  t.equal(multiPlatform, false);
  t.equal(hasVariants, false);
});

t.test('a variant is its own column after its runtime\'s idiomatic one', async (t) => {
  const results = [at('bun', 'pauseOnConnect'), at('bun', 'bun-api'), at('bun'), at('node', 'allowHalfOpen'), at('node')];
  const { columns, hasVariants } = resultColumns(runReport(results));
  t.same(columns.map((c) => `${c.runtime} ${c.variant ?? '-'}`), ['bun -', 'bun bun-api', 'bun pauseOnConnect', 'node -', 'node allowHalfOpen']);
  t.equal(hasVariants, true);
});

t.test('results from several platforms: platform × runtime, the report\'s own platform first', async (t) => {
  const results = [at('node', null, 'win32'), at('node'), at('c', null, 'darwin'), at('c')];
  const report = runReport(results);
  const layout = resultColumns(report);
  t.same(layout.columns.map((c) => c.key), ['linux c ipv4', 'linux node ipv4', 'darwin c ipv4', 'win32 node ipv4']);
  t.equal(layout.multiPlatform, true);
  t.equal(platformOf(results[0] as CaseResult, report), 'win32');
  t.equal(platformOf(results[1] as CaseResult, report), 'linux', 'absent: the report\'s platform');
  t.equal(columnKeyOf(at('node', 'pauseOnConnect'), report), 'linux node pauseOnConnect ipv4');
  t.equal(columnLabel(layout.columns[2]!, true), 'darwin · c, ipv4');
  t.equal(columnLabel({ key: 'k', platform: 'linux', runtime: 'node', variant: 'pauseOnConnect', family: 'ipv6' }, false), 'node pauseOnConnect, ipv6');
});

t.test('the order does not depend on the order runtimes were found in', async (t) => {
  const results = [at('python'), at('c'), at('node')];
  const a = resultColumns(runReport(results)).columns.map((c) => c.key);
  const b = resultColumns(runReport([...results].reverse())).columns.map((c) => c.key);
  t.same(a, b);
});

t.test('merged runs keep the order they were given in', async (t) => {
  const report = runReport([at('node', null, 'win32'), at('node', null, 'darwin'), at('node', null, 'linux')]);
  const origin = (label: string) => ({ ...report.platform, label, source: '', sockspec: '', startedAt: '', runtimes: [], columns: [], summary: report.summary });
  const layout = resultColumns({ ...report, platforms: [origin('win32'), origin('darwin'), origin('linux')] });
  t.same(layout.columns.map((c) => c.platform), ['win32', 'darwin', 'linux']);
});

t.test('a column per family, ipv4 before ipv6 beside each other; one family: no family row needed', async (t) => {
  const v6 = (r: CaseResult): CaseResult => ({ ...r, family: 'ipv6' });
  const layout = resultColumns(runReport([v6(at('node')), at('node'), v6(at('c')), at('c'), at('node', 'pauseOnConnect')]));
  t.same(layout.columns.map((c) => c.key), ['linux c ipv4', 'linux c ipv6', 'linux node ipv4', 'linux node ipv6', 'linux node pauseOnConnect ipv4']);
  t.equal(layout.multiFamily, true);
  t.equal(columnLabel(layout.columns[1]!, false), 'c, ipv6');
  t.equal(resultColumns(runReport([at('node'), at('c')])).multiFamily, false, 'the control: results without a family are ipv4 alone');
  t.equal(resultColumns(runReport([v6(at('node')), v6(at('c'))])).multiFamily, false, 'ipv6 alone is one family too');
});

t.test('a column per net beside the kernel one, kernel first; the label names any other net', async (t) => {
  const base = { id: 'g/a', runtime: 'c', variant: null, family: 'ipv4', status: 'pass' };
  const report = { platform: { os: 'linux' }, results: [{ ...base, net: 'mptcp' }, { ...base }, { ...base, family: 'ipv6', net: 'mptcp' }] } as unknown as RunReport;
  const layout = resultColumns(report);
  t.same(layout.columns.map((c) => columnLabel(c, false)), ['c, ipv4', 'c, ipv4, mptcp', 'c, ipv6, mptcp']);
  t.equal(layout.multiNet, true);
  t.equal(resultColumns({ ...report, results: [{ ...base }] } as unknown as RunReport).multiNet, false, 'one net: no net shown');
});
