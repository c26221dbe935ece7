// One line per case, its runtimes' marks in the order they ran.
import t from 'tap';
import { caseSummary, MARKS, runtimeLabel } from '../../../harness/report/terminal/case-summary.ts';
import { painter } from '../../../harness/report/terminal/paint.ts';
import { caseResult, everyStatus } from '../../fixtures/case-results.ts';
import { OUTCOMES, TROUBLES, type CaseResult, type Status } from '../../../harness/result/case-result.ts';

const run = (id: string, runtime: string, status: Status, variant: string | null = null): CaseResult =>
  caseResult({ id, runtime, variant, status, name: `${id} [${runtime}${variant ? ` ${variant}` : ''}]` });

t.test('each case one line: its runtimes and their marks, ids padded to a column', async (t) => {
  const lines = caseSummary([
    run('close/unread-data-sends-rst', 'c', 'pass'),
    run('close/unread-data-sends-rst', 'node', 'divergence'),
    run('rst/never-acknowledged', 'c', 'pass'),
    run('close/unread-data-sends-rst', 'deno', 'divergence'),
    run('rst/never-acknowledged', 'node', 'fail'),
    run('close/unread-data-sends-rst', 'node', 'divergence', 'pauseOnConnect'),
  ], painter(false));
  t.same(lines, [
    'close/unread-data-sends-rst  c ✓  node ◆div  deno ◆div  node(pauseOnConnect) ◆div',
    'rst/never-acknowledged       c ✓  node ✗fail',
  ]);
});

t.test('over both families: one mark where they agree, a mark per family where they differ', async (t) => {
  const v6 = (r: CaseResult): CaseResult => ({ ...r, family: 'ipv6' });
  const lines = caseSummary([
    run('close/x', 'c', 'pass'), v6(run('close/x', 'c', 'pass')),
    run('close/x', 'node', 'divergence'), v6(run('close/x', 'node', 'fail')),
  ], painter(false));
  t.same(lines, ['close/x  c ✓  node v4◆div v6✗fail']);
});

t.test('every status has its own mark; harness trouble is told apart from a semantics failure', async (t) => {
  const marks = [...OUTCOMES, ...TROUBLES].map((s) => MARKS[s].mark);
  t.equal(new Set(marks).size, marks.length, 'no two statuses share a mark');
  for (const s of ['error', 'crash', 'timeout'] as const) t.match(MARKS[s].mark, /^⚠/, `${s} is trouble`);
  for (const s of ['fail', 'unexpected-pass'] as const) t.match(MARKS[s].mark, /^✗/, `${s} is a failure`);
});

t.test('colour only when asked, and case data cannot carry its own escapes', async (t) => {
  const results = [...everyStatus(), caseResult({ id: 'evil/\u001b[2Jclear', name: 'x' })];
  const plain = caseSummary(results, painter(false)).join('\n');
  t.notMatch(plain, /\u001b/, 'no escape without colour');
  t.match(plain, /evil\/\\u001b\[2Jclear/, 'the id\'s escape is shown as text');
  const coloured = caseSummary(results, painter(true)).join('\n');
  t.match(coloured, /\u001b\[32m✓\u001b\[0m/, 'a pass in green');
  t.match(coloured, /\u001b\[35m⚠crash\u001b\[0m/, 'trouble in magenta');
});

t.test('runtime labels: the column, and the variant in parentheses', async (t) => {
  t.equal(runtimeLabel({ runtime: 'c:node', variant: null }), 'c:node');
  t.equal(runtimeLabel({ runtime: 'node', variant: 'allowHalfOpen' }), 'node(allowHalfOpen)');
});
