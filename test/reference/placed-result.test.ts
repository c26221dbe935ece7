import t from 'tap';
import { placeResults } from '../../harness/reference/placed-result.ts';
import { referenceReport } from './fixtures/reference-report.ts';

t.test("a result's own platform (a merged report) wins; absent, the report's OS", async (t) => {
  const report = referenceReport();
  const merged = { ...report, results: [report.results[0]!, { ...report.results[1]!, platform: 'darwin' }, { ...report.results[2]!, platform: '' }] };
  t.same(placeResults(merged).map((r) => r.platform), ['linux', 'darwin', 'linux']);
});
