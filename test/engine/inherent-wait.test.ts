// The waits no harness can avoid, read from the real catalogue: the bench's floor and the scheduler's order rest on them.
import path from 'node:path';
import t from 'tap';
import { inherentWaitMs, longestFirst, timerBound, TIMER_BOUND_MS } from '../../harness/engine/inherent-wait.ts';
import { loadCatalogue } from '../../harness/engine/load-catalogue.ts';
import { planJobs } from '../../harness/engine/plan-jobs.ts';
import type { RoleRuntime } from '../../harness/engine/case-job.ts';
import { discoverRuntimes } from '../../harness/adapters/discover-runtimes.ts';
import { ROOT } from '../helpers/run-cli.ts';

const { adapters, folders } = await discoverRuntimes([path.join(ROOT, 'runtimes')]);
const { cases, errors } = await loadCatalogue([path.join(ROOT, 'suites')], adapters, folders, ROOT);
t.same(errors, [], 'the catalogue loads');
const runtime = (name: string): RoleRuntime => ({ name, version: 'x', command: () => ({ file: 'false', args: [] }) });
const jobsOf = (name: string) => planJobs(cases, [{ server: runtime(name), client: runtime(name) }]);
const waitOf = (name: string, id: string, variant: string | null = null): number =>
  inherentWaitMs(jobsOf(name).find((j) => j.kase.id === id && (j.variant?.name ?? null) === variant)!, 'linux');

t.test('quiet periods, expiring receive timeouts, and waits a divergence expects to run out', async (t) => {
  t.equal(waitOf('c', 'rst/never-acknowledged'), 50, 'one silent-after of 50 ms');
  t.equal(waitOf('c', 'timeout/recv-timeout-sends-nothing'), 200, 'two SO_RCVTIMEO of 100 ms expire');
  t.equal(waitOf('c', 'connect/refused-closed-port'), 0, 'a refused connect waits for nothing');
  t.equal(waitOf('c', 'close/all-read-sends-fin'), 200, 'a retransmission awaited at the RTO (timerMs: tcp_rto_min)');
  t.equal(waitOf('c', 'listen/close-with-pending-connection'), 0, 'C reads the reset at once');
  t.equal(waitOf('node', 'listen/close-with-pending-connection'), 500, 'Node never sees a reset: its read waits out the 500 ms bound');
  t.equal(waitOf('node', 'listen/close-with-pending-connection', 'pauseOnConnect'), 500, 'in its variant too');
});

t.test('a since wait counts: a kernel rate limit timed from the wire', async (t) => {
  t.equal(waitOf('c', 'rst/challenge-ack-rate-limit'), 1020, "the case's tcp_invalid_ratelimit (1000 ms) + 20 ms after the challenge ACK");
});

t.test('timer-bound: slow cases and runs with long inherent waits; not the others', async (t) => {
  const of = (name: string, id: string, variant: string | null = null): boolean =>
    timerBound(jobsOf(name).find((j) => j.kase.id === id && (j.variant?.name ?? null) === variant)!, 'linux');
  t.ok(of('c', 'connect/syn-dropped'), 'slow: the SYN retries\' timer');
  t.ok(of('c', 'halfopen/peer-vanished'), 'slow: the retransmission timer');
  t.ok(of('c', 'rst/challenge-ack-rate-limit'), 'a since wait (1020 ms): its prompt steps before it held beside the other runs under load');
  t.ok(of('node', 'listen/close-with-pending-connection'), `Node waits out a 500 ms bound: ${TIMER_BOUND_MS} ms of passive waits or more`);
  t.notOk(of('c', 'listen/close-with-pending-connection'), 'C reads the reset at once');
  t.ok(of('c', 'timeout/recv-timeout-sends-nothing'), `200 ms of waits (a receive timeout): ${TIMER_BOUND_MS} ms or more, some 10 times a run's work`);
  t.notOk(of('c', 'rst/closed-port-answers-rst-ack'), '50 ms of quiet: as much as a run\'s work, or less (it holds its slot)');
  t.notOk(of('c', 'connect/refused-closed-port'), 'no wait');
});

t.test('longest first: slow cases, then by wait; equal jobs keep plan order', async (t) => {
  const plan = jobsOf('c');
  const ordered = longestFirst(plan);
  t.equal(ordered.length, plan.length, 'every job, once');
  const slow = ordered.filter((j) => (j.kase.tags ?? []).includes('slow')).length;
  t.ok(slow > 0, 'the catalogue has slow cases');
  t.ok(ordered.slice(0, slow).every((j) => (j.kase.tags ?? []).includes('slow')), 'slow cases go first');
  const waits = ordered.slice(slow).map((j) => inherentWaitMs(j));
  t.same(waits, [...waits].sort((a, b) => b - a), 'then the longest waits');
  const zero = ordered.filter((j) => !(j.kase.tags ?? []).includes('slow') && inherentWaitMs(j) === 0);
  t.same(zero.map((j) => plan.indexOf(j)), zero.map((j) => plan.indexOf(j)).sort((a, b) => a - b), 'ties stay in plan order');
});
