// One time budget per case (--timeout): agent requests, harness steps and quiet periods all end by it,
// and a case it ends is a timeout saying what was waiting and what arrived, never a pass or a fail.
import path from 'node:path';
import t from 'tap';
import { budgetLeft, budgetSpent, cutByBudget, withinBudget } from '../../harness/engine/case-budget.ts';
import { ROOT, runCli } from '../helpers/run-cli.ts';

const SUITES = path.join(ROOT, 'test', 'fixtures', 'budget-suites', 'suites');
// Real capture and namespaces: root on Linux, as the wire checks of the catalogue need.
const capturing = process.platform === 'linux' && process.getuid?.() === 0;

t.test('a wait is its own bound cut to what is left of the budget, and a spent budget says whose wait it cut', async (t) => {
  const later = performance.now() + 60_000;
  t.equal(withinBudget(later, 250), 250, 'budget left: the wait keeps its own bound');
  t.ok(withinBudget(performance.now() + 100, 5000) <= 100, 'little budget left: the wait ends with it');
  const past = performance.now() - 1;
  t.equal(budgetLeft(past), 0);
  t.equal(withinBudget(past, 5000), 0, 'no budget: no wait');
  t.ok(budgetSpent(past));
  t.notOk(budgetSpent(later));
  const ended = { wanted: 'a segment server [RST]', found: 'client [ACK] len 0' };
  t.equal(cutByBudget(later, 1500, 'step 5 (x)', ended), null, 'the control: with budget left, a miss stays a miss (a fail)');
  t.same(cutByBudget(past, 1500, 'step 5 (x)', ended), {
    trouble: 'timeout',
    message: "the case's 1500 ms budget (--timeout) ran out in step 5 (x), waiting for a segment server [RST]; arrived meanwhile: client [ACK] len 0",
  });
});

t.test('real cases under --timeout 1500: a quiet period, a harness step and an agent request longer than the budget end by it', { skip: !capturing && 'the quiet period and await need the capture: root on Linux' }, async (t) => {
  const run = await runCli(['--suites', SUITES, '--runtime', 'c', '--timeout', '1500', '--reporter', 'tap'], t.testdir());
  const byId = new Map(run.report?.results.map((r) => [r.id, r]));
  const quiet = byId.get('budget/quiet-longer-than-budget');
  t.equal(quiet?.status, 'timeout', 'the 5000 ms quiet period is cut: a timeout of the case, not a pass');
  t.match(quiet?.reason, /^the case's 1500 ms budget \(--timeout\) ran out in the wire check, waiting for the quiet period of the wire rule "after a RST from the server, the client sends nothing for 5000 ms \(nothing answers a RST\)" \(\d+ ms of it left, \d+ ms of the budget\); arrived meanwhile: nothing since the trigger$/);
  t.ok((quiet?.durationMs ?? Infinity) < 3000, `it ended by the budget, not the quiet period (${Math.round(quiet?.durationMs ?? -1)} ms)`);
  const step = byId.get('budget/await-longer-than-budget');
  t.equal(step?.status, 'timeout', 'the 2500 ms await is cut');
  t.match(step?.reason, /^the case's 1500 ms budget \(--timeout\) ran out in step 5 \(a RST that never comes\), waiting for a segment server \[RST\], sent since the previous step began, within 2500 ms; arrived meanwhile: client \[PSH, ACK\] len 12; server \[ACK\] len 0$/);
  t.ok((step?.durationMs ?? Infinity) < 2400, `it ended by the budget, not the step's own 2500 ms (${Math.round(step?.durationMs ?? -1)} ms)`);
  const request = byId.get('budget/recv-longer-than-budget');
  t.equal(request?.status, 'timeout', 'the agent\'s 2500 ms recv is cut');
  t.equal(request?.reason, "the case's 1500 ms budget (--timeout) ran out in step 4 (client reads what never comes), waiting for the c client agent's reply to recv (its own wait: 2500 ms); arrived meanwhile: no reply");
  t.ok((request?.durationMs ?? Infinity) < 2400, `it ended by the budget (${Math.round(request?.durationMs ?? -1)} ms)`);
  t.equal(byId.get('budget/quiet-within-budget')?.status, 'pass', 'the control: a quiet period the budget covers passes');
  t.equal(run.exitCode, 1, 'timeouts are unexpected results');
});

t.test('the control: with budget to spare the same await runs its own 2500 ms and is a plain fail', { skip: !capturing && 'the await needs the capture: root on Linux' }, async (t) => {
  const run = await runCli(['--suites', SUITES, '--runtime', 'c', '--timeout', '15000', '--reporter', 'tap', 'budget/await-longer-than-budget'], t.testdir());
  const step = run.report?.results.find((r) => r.id === 'budget/await-longer-than-budget');
  t.equal(step?.status, 'fail');
  t.ok((step?.durationMs ?? 0) >= 2500, `it waited the step's own bound (${Math.round(step?.durationMs ?? -1)} ms)`);
  t.match(step?.failures[0]?.found, 'client [PSH, ACK] len 12; server [ACK] len 0');
});
