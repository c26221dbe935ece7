import path from 'node:path';
import t from 'tap';
import { referenceDocument as declaredOrder } from '../../harness/reference/reference-document.ts';
import { BY_NAME } from '../../harness/reference/case-order.ts';
import { readCaseOrder } from '../../harness/reference/read-case-order.ts';
import { projectRoot } from '../../harness/toolchain/project-root.ts';
import type { RunReport } from '../../harness/result/case-result.ts';
import { anotherRun, mergedReport, referenceReport } from './fixtures/reference-report.ts';

const order = await readCaseOrder(path.join(projectRoot, 'suites'));
const referenceDocument = (report: RunReport): string => declaredOrder(report, order);

t.test('the same cases and outcomes give the same bytes, whatever the timing, ports, pids, paths or order', async (t) => {
  const report = referenceReport();
  const expected = referenceDocument(report);
  for (const seed of [1, 2, 3, 17, 99]) t.equal(referenceDocument(anotherRun(report, seed)), expected, `run ${seed}`);
});

t.test('nothing that varies run to run reaches the text', async (t) => {
  const text = referenceDocument(anotherRun(referenceReport(), 5));
  for (const varying of ['40001', '50001', '1732170', '/usr/bin', '/elsewhere', '2030-', 'pid', 'ms)', 'Connection reset by peer']) {
    t.notMatch(text, varying, `no ${varying}`);
  }
  t.ok(text.endsWith('\n') && !text.endsWith('\n\n'), 'one final newline');
  t.same(text.split('\n').filter((line) => /\s$/.test(line)), [], 'no trailing spaces');
});

t.test('an outcome that changes, changes the text', async (t) => {
  const report = referenceReport();
  const changed: RunReport = { ...report, results: report.results.map((r) => (r.runtime === 'python' && r.id.startsWith('connect/') ? { ...r, status: 'skip', reason: 'python went away' } : r)) };
  t.not(referenceDocument(changed), referenceDocument(report));
  t.match(referenceDocument(changed), '- **python**: skipped: python went away');
});

t.test('groups and cases in the order their folders declare, a contents list, the summary, case files that did not load', async (t) => {
  const text = referenceDocument(referenceReport({ loadErrors: [{ file: 'suites/z.ts', message: 'bad key `x`' }, { file: 'suites/a.ts', message: 'no *spec*' }] }));
  const headings = text.split('\n').filter((l) => /^#{1,3} /.test(l));
  t.same(headings, [
    '# TCP socket semantics: the sockspec reference',
    '## Where it was measured',
    '## How to read it',
    '## Summary',
    '## Cases',
    '## `connect`',
    '### `connect/refused-closed-port`',
    '## `close`',
    '### `close/unread-data-sends-rst`',
    '## Case files that did not load',
  ]);
  t.match(text, '- `connect`: [`connect/refused-closed-port`](#connectrefused-closed-port)\n- `close`: [`close/unread-data-sends-rst`](#closeunread-data-sends-rst)');
  t.match(declaredOrder(referenceReport(), BY_NAME), '- `close`: [`close/unread-data-sends-rst`](#closeunread-data-sends-rst)\n- `connect`:', 'the control: with no declared order, by name');
  t.match(text, '- `suites/a.ts`: no \\*spec\\*\n- `suites/z.ts`: bad key `x`\n');
});

t.test('a merged multi-platform report: each platform its own statements and summary', async (t) => {
  const merged = mergedReport();
  const text = referenceDocument(merged);
  t.match(text, '## Summary\n\nOne row per case, one column per runtime: **pass** is as the kernel layer, **div.** a documented divergence.\n\n### Linux\n');
  t.match(text, '### macOS\n\n| case | c | node | python | deno | variants |');
  t.match(text, '- **c** on macOS: differs from the kernel layer, as documented');
  t.match(text, '(as the case declares it; the C agent here: on Linux as declared; on macOS differs, as documented (below))');
  t.match(text, '- **macOS (darwin)** (measured here)');
  t.equal(text.split('### `close/unread-data-sends-rst`').length, 2, 'a case declared by both runs is told once');
  t.equal(referenceDocument({ ...merged, results: [...merged.results].reverse(), platforms: [...merged.platforms!].reverse() }), text, 'in any order');
});

t.test('results that carry a platform in a report without `platforms`: their OS is the label', async (t) => {
  const report = referenceReport();
  const text = referenceDocument({ ...report, results: [...report.results, ...report.results.map((r) => ({ ...r, platform: 'win32' }))] });
  t.match(text, '### Windows\n\nThese results do not record where this run happened.');
  t.match(text, '- **python** on Linux and Windows: as the kernel layer (ECONNRESET as ConnectionResetError)', 'the same statement on both: one item');
});
