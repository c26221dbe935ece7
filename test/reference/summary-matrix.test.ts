import t from 'tap';
import type { PlacedResult } from '../../harness/reference/placed-result.ts';
import { caseLink, summaryMatrix } from '../../harness/reference/summary-matrix.ts';
import { placed, referenceResults, refusedCase, unreadCase } from './fixtures/reference-report.ts';

const runs: PlacedResult[] = placed(referenceResults());
const cases = [refusedCase(), unreadCase()];

t.test('caseLink: to the case heading', async (t) => {
  t.equal(caseLink('close/unread-data-sends-rst'), '[`close/unread-data-sends-rst`](#closeunread-data-sends-rst)');
});

t.test('a row per case, a column per runtime in the reference order, option variants in the last column', async (t) => {
  t.equal(summaryMatrix(cases, [...runs].reverse()), [
    '| case | c | node | python | deno | variants |',
    '|---|---|---|---|---|---|',
    '| [`connect/refused-closed-port`](#connectrefused-closed-port) | pass | pass | pass | pass |  |',
    '| [`close/unread-data-sends-rst`](#closeunread-data-sends-rst) | pass | div. | pass | skip | node `pauseOnConnect`: pass |',
  ].join('\n'));
});

t.test('another program of a runtime is a column of its own; a missing result is a dash; trouble stands out', async (t) => {
  const bun = (variant: string | null, status: 'pass' | 'crash'): PlacedResult => placed([{ ...runs[0]!.result, runtime: 'bun', variant, status }])[0]!;
  const withBun = [...runs, bun(null, 'pass'), bun('bun-api', 'crash')];
  const programCases = [refusedCase(), { ...unreadCase(), variants: [...unreadCase().variants, { name: 'bun-api', description: "Bun's own API", runtimes: ['bun'], program: true }] }];
  const lines = summaryMatrix(programCases, withBun).split('\n');
  t.equal(lines[0], '| case | c | node | python | deno | bun | bun-api | variants |');
  t.equal(lines[2], '| [`connect/refused-closed-port`](#connectrefused-closed-port) | pass | pass | pass | pass | – | – |  |');
  t.equal(lines[3], '| [`close/unread-data-sends-rst`](#closeunread-data-sends-rst) | pass | div. | pass | skip | pass | **crash** | node `pauseOnConnect`: pass |');
});

t.test('slow cases are marked; no variants column without option variants', async (t) => {
  const lines = summaryMatrix([{ ...refusedCase(), tags: ['slow'] }], runs.filter((r) => r.result.variant === null)).split('\n');
  t.equal(lines[0], '| case | c | node | python | deno |');
  t.match(lines[2], /^\| \[`connect\/refused-closed-port`\]\(#connectrefused-closed-port\) \(slow\) \|/);
});
