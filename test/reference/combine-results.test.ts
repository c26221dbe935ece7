// Several results files as one reference: the default run's kernel net and the nets run give what one run of both would, and conflicting inputs are refused.
import t from 'tap';
import { combineResults } from '../../harness/reference/combine-results.ts';
import { ResultsFileError } from '../../harness/reference/read-results.ts';
import { referenceDocument } from '../../harness/reference/reference-document.ts';
import { BY_NAME } from '../../harness/reference/case-order.ts';
import type { CaseResult, RunReport } from '../../harness/result/case-result.ts';
import { summarize } from '../../harness/result/summarize.ts';
import { referenceReport, referenceResults, refusedCase, unreadCase } from './fixtures/reference-report.ts';

const onNet = (net: string, rs: CaseResult[]): CaseResult[] => rs.map((r) => ({ ...r, net, name: r.name.replace(']', `, ${net}]`) }));

/** The nets run: the C agent only, on pasta and on mptcp (C diverging on one case), started a minute after the default run. */
const netsResults = (): CaseResult[] => {
  const c = referenceResults().filter((r) => r.runtime === 'c');
  return [
    // pasta's first, as `--net pasta,mptcp` would give them: the reference still puts mptcp first (--list-nets' order).
    ...onNet('pasta', c).map((r) => (r.id === 'close/unread-data-sends-rst' ? { ...r, status: 'skip' as const, reason: 'pasta turns the RST into a FIN' } : r)),
    ...onNet('mptcp', c).map((r) => (r.id === 'connect/refused-closed-port' ? { ...r, status: 'divergence' as const, reason: 'MPTCP says so', source: 'net/mptcp/protocol.c f()' } : r)),
  ];
};
const netsRun = (overrides: Partial<RunReport> = {}): RunReport => {
  const results = netsResults();
  return referenceReport({
    startedAt: '2025-01-02T03:05:05.678Z', results, summary: summarize(results, 25_000), nets: ['mptcp', 'pasta'],
    runtimes: referenceReport().runtimes.filter((r) => r.name === 'c'), ...overrides,
  });
};
const inputs = (...reports: RunReport[]) => reports.map((report, i) => ({ file: `run${i + 1}/results.json`, report }));

t.test('one file is the report as it is', async (t) => {
  const report = referenceReport();
  t.equal(combineResults(inputs(report)), report);
});

t.test('the default run and the nets run make the reference one run of both would, in either order', async (t) => {
  const both = referenceReport({ results: [...referenceResults(), ...netsResults()], nets: ['kernel', 'mptcp', 'pasta'] });
  const expected = referenceDocument(both, BY_NAME);
  const combined = referenceDocument(combineResults(inputs(referenceReport(), netsRun())), BY_NAME);
  t.equal(combined, expected);
  t.equal(referenceDocument(combineResults(inputs(netsRun(), referenceReport())), BY_NAME), expected, 'the order of the files does not matter');
  t.match(combined, '## On the `mptcp` net');
  t.match(combined, '  - **c** differs: MPTCP says so (source: net/mptcp/protocol.c f())');
  t.match(combined, '## On the `pasta` net');
  t.ok(combined.indexOf('## On the `mptcp` net') < combined.indexOf('## On the `pasta` net'), '--list-nets order');
  t.equal(combined.split('| OS | ').length, 2, "one machine's facts, stated once");
  // The control: the kernel run alone has no net section.
  t.notMatch(referenceDocument(referenceReport(), BY_NAME), '## On the');
});

t.test('a run point in two files is refused, naming both files and the point', async (t) => {
  const kernelToo = netsRun({ results: [...netsResults(), ...referenceResults().filter((r) => r.runtime === 'c' && r.id === 'connect/refused-closed-port')] });
  t.throws(() => combineResults(inputs(referenceReport(), kernelToo)), new ResultsFileError(
    'run1/results.json and run2/results.json both hold 1 run point(s) (linux: connect/refused-closed-port [c, ipv4]): '
    + 'give each run point once, e.g. the nets run without the kernel net (--net mptcp,... rather than --net kernel,mptcp,...)'));
  // Repeats within one file (--repeat) are that run's own business.
  const repeated = netsRun({ results: [...netsResults(), ...netsResults()] });
  t.doesNotThrow(() => combineResults(inputs(referenceReport(), repeated)));
});

t.test('runs of two sockspec versions are refused', async (t) => {
  t.throws(() => combineResults(inputs(referenceReport(), netsRun({ sockspec: '0.2.0' }))), new ResultsFileError(
    'run1/results.json was written by sockspec 0.1.0 and run2/results.json by sockspec 0.2.0: one reference is made of runs of one sockspec version; run both again with this one'));
});

t.test('a file without what merging reads is refused, naming it and the key', async (t) => {
  const partial = { ...netsRun(), startedAt: 'yesterday' };
  t.throws(() => combineResults(inputs(referenceReport(), partial)), { message: /^run2\/results\.json cannot be combined with the other results: .*startedAt/ });
});

t.test('runs that declare a case differently (two trees: an old nets run) are refused, naming the files and the case', async (t) => {
  const edited = netsRun({ cases: [unreadCase(), { ...refusedCase(), description: 'edited since' }] });
  t.throws(() => combineResults(inputs(referenceReport(), edited)), new ResultsFileError(
    'run1/results.json and run2/results.json declare 1 case(s) differently (connect/refused-closed-port): the runs are of different versions of the cases; run both again from this tree'));
  // The control: the same declarations in another order are one tree's.
  t.doesNotThrow(() => combineResults(inputs(referenceReport(), netsRun({ cases: [refusedCase(), unreadCase()] }))));
});
