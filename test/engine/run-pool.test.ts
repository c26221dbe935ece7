import t from 'tap';
import { runPool } from '../../harness/engine/run-pool.ts';
import { timerJobsFor } from '../../harness/engine/run-suite.ts';

/**
 * Tasks the test finishes by hand: each start is recorded, and `started(n)` resolves once n
 * tasks have started, so the test waits on the pool's own progress, never on a clock.
 */
const controlledTasksOf = <T>() => {
  const finishers = new Map<T, (r: string) => void>();
  const startOrder: T[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let waiting: { n: number; resolve: () => void } | null = null;
  const task = (item: T): Promise<string> => {
    startOrder.push(item);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    if (waiting !== null && startOrder.length >= waiting.n) waiting.resolve();
    return new Promise<string>((resolve) => finishers.set(item, resolve)).then((r) => {
      inFlight--;
      return r;
    });
  };
  return {
    task,
    finish: (item: T) => finishers.get(item)!(`result ${String(item)}`),
    started: (n: number): Promise<void> =>
      startOrder.length >= n ? Promise.resolve() : new Promise((resolve) => { waiting = { n, resolve }; }),
    get startOrder() { return [...startOrder]; },
    get inFlight() { return inFlight; },
    get maxInFlight() { return maxInFlight; },
  };
};
const controlledTasks = () => controlledTasksOf<number>();
/** Lets every pending promise callback run (a macrotask turn): what the pool does next has happened. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

t.test('never more than `jobs` tasks at once, and a finished task makes room for the next', async (t) => {
  const items = Array.from({ length: 10 }, (_, i) => i);
  const tasks = controlledTasks();
  const results: [string, number][] = [];
  const pool = runPool(items, 3, tasks.task, (r, item) => results.push([r, item]));

  t.same(tasks.startOrder, [0, 1, 2], 'the first three start at once');
  // Finish out of order: whichever slot frees, the next item in order takes it.
  for (const [i, item] of [1, 0, 2, 4, 3, 5, 6, 7, 8, 9].entries()) {
    tasks.finish(item);
    await tasks.started(Math.min(items.length, 4 + i));
    t.ok(tasks.inFlight <= 3, `at most 3 in flight after finishing ${item}`);
  }
  await pool;
  t.equal(tasks.maxInFlight, 3, 'the bound was reached and never exceeded');
  t.same(tasks.startOrder, items, 'started in item order');
  t.same(results.map(([, item]) => item), [1, 0, 2, 4, 3, 5, 6, 7, 8, 9], 'each result handed over as soon as it is done');
  t.same(results[0], ['result 1', 1], 'with the item it belongs to');
});

t.test('more jobs than items: every item starts at once', async (t) => {
  const tasks = controlledTasks();
  const pool = runPool([1, 2], 8, tasks.task, () => undefined);
  t.same(tasks.startOrder, [1, 2]);
  tasks.finish(2);
  tasks.finish(1);
  await pool;
  t.equal(tasks.maxInFlight, 2);
});

t.test('jobs 1 runs one task at a time', async (t) => {
  const tasks = controlledTasks();
  const pool = runPool([1, 2, 3], 1, tasks.task, () => undefined);
  for (const item of [1, 2, 3]) {
    await tasks.started(item);
    t.same(tasks.startOrder, [1, 2, 3].slice(0, item));
    tasks.finish(item);
  }
  await pool;
  t.equal(tasks.maxInFlight, 1);
});

t.test('no items: resolves without calling the task', async (t) => {
  let calls = 0;
  await runPool([], 4, async () => { calls++; }, () => undefined);
  t.equal(calls, 0);
});

t.test('abort stops new starts; tasks in flight still finish and are handed over', async (t) => {
  const items = [0, 1, 2, 3, 4, 5];
  const tasks = controlledTasks();
  const controller = new AbortController();
  const results: number[] = [];
  const pool = runPool(items, 2, tasks.task, (_r, item) => results.push(item), controller.signal);
  t.same(tasks.startOrder, [0, 1]);
  tasks.finish(0);
  await tasks.started(3);
  t.same(tasks.startOrder, [0, 1, 2]);
  controller.abort();
  tasks.finish(1);
  tasks.finish(2);
  await pool;
  t.same(tasks.startOrder, [0, 1, 2], 'nothing started after the abort');
  t.same(results, [0, 1, 2], 'the in-flight results were still reported');
});

t.test('an already aborted signal starts nothing', async (t) => {
  const tasks = controlledTasks();
  await runPool([1, 2, 3], 2, tasks.task, () => undefined, AbortSignal.abort());
  t.same(tasks.startOrder, []);
});

// Timer-bound tasks (TimerBudget): a CPU slot to start, then a timer slot only, once released.

/** Items named by kind: 't…' timer-bound, 'c…' CPU-bound; each task keeps its release for the test to call. */
const budgetTasks = () => {
  const releases = new Map<string, () => void>();
  const tasks = controlledTasksOf<string>();
  return {
    finish: tasks.finish,
    started: tasks.started,
    get startOrder() { return tasks.startOrder; },
    get maxInFlight() { return tasks.maxInFlight; },
    task: (item: string, release: () => void) => { releases.set(item, release); return tasks.task(item); },
    release: (item: string) => releases.get(item)!(),
  };
};
const timedItems = { bound: (item: string) => item.startsWith('t'), timerJobs: 2 };

t.test('a released timer-bound task leaves its CPU slot to the next CPU-bound one; the timer budget bounds the waiting ones', async (t) => {
  const tasks = budgetTasks();
  const pool = runPool(['t1', 't2', 't3', 'c1', 'c2', 'c3'], 2, tasks.task, () => undefined, undefined, timedItems);
  t.same(tasks.startOrder, ['t1', 't2'], 'timer-bound tasks start in order, each on a CPU slot');
  tasks.release('t1');
  await tasks.started(3);
  t.same(tasks.startOrder, ['t1', 't2', 'c1'], 't3 waits for a timer slot (2 in use); c1 passes it');
  tasks.release('t2');
  await tasks.started(4);
  t.same(tasks.startOrder.slice(3), ['c2'], 'both CPU slots to CPU-bound tasks while t1 and t2 wait');
  tasks.release('t1');
  tasks.release('c1');
  await settle();
  t.equal(tasks.startOrder.length, 4, 'a second release, or a CPU-bound task\'s, frees nothing');
  tasks.finish('t1');
  await settle();
  t.equal(tasks.startOrder.length, 4, 't1 done frees its timer slot, but t3 still needs a CPU slot for its start');
  tasks.finish('c1');
  await tasks.started(5);
  t.same(tasks.startOrder.slice(4), ['t3'], 'a free CPU slot goes to the first waiting task that fits: t3');
  tasks.finish('c2');
  await tasks.started(6);
  for (const item of ['t2', 't3', 'c3']) tasks.finish(item);
  await pool;
  t.equal(tasks.maxInFlight, 4, 'two CPU slots and two timer slots at most');
});

t.test('negative control: with timerJobs 0 a timer-bound task holds its CPU slot while it waits, as any task', async (t) => {
  const tasks = budgetTasks();
  const pool = runPool(['t1', 't2', 'c1'], 2, tasks.task, () => undefined, undefined, { ...timedItems, timerJobs: 0 });
  tasks.release('t1');
  await settle();
  t.same(tasks.startOrder, ['t1', 't2'], 'the release frees nothing: c1 waits');
  tasks.finish('t1');
  await tasks.started(3);
  for (const item of ['t2', 'c1']) tasks.finish(item);
  await pool;
  t.equal(tasks.maxInFlight, 2);
});

t.test('a timer-bound task that never releases (its start failed) holds its CPU slot until it ends', async (t) => {
  const tasks = budgetTasks();
  const pool = runPool(['t1', 'c1'], 1, tasks.task, () => undefined, undefined, timedItems);
  await settle();
  t.same(tasks.startOrder, ['t1']);
  tasks.finish('t1');
  await tasks.started(2);
  tasks.finish('c1');
  await pool;
});

t.test('abort: a release starts nothing more', async (t) => {
  const tasks = budgetTasks();
  const controller = new AbortController();
  const pool = runPool(['t1', 'c1'], 1, tasks.task, () => undefined, controller.signal, timedItems);
  controller.abort();
  tasks.release('t1');
  tasks.finish('t1');
  await pool;
  t.same(tasks.startOrder, ['t1']);
});

t.test('a task that throws ends the pool with its error; nothing starts after it', async (t) => {
  const started: number[] = [];
  const finishers: (() => void)[] = [];
  const pool = runPool([1, 2, 3, 4], 2, (item) => {
    started.push(item);
    return item === 1 ? Promise.reject(new Error('harness fault')) : new Promise<void>((resolve) => finishers.push(resolve));
  }, () => undefined);
  await t.rejects(pool, /harness fault/);
  for (const finish of finishers) finish();
  await settle();
  t.same(started, [1, 2], 'the slot the fault freed took nothing');
});

// A virtual clock: a fake run works (holds a core) for `cpu` ms, waits `wait` ms on a timer, and
// the clock jumps to the next due timer once every promise has settled. Pure: no real time passes.
const simulate = async (runs: { cpu: number; wait: number; timed: boolean }[], jobs: number, timerJobs: number): Promise<number> => {
  let now = 0;
  const timers: { at: number; fire: () => void }[] = [];
  const after = (ms: number): Promise<void> => new Promise((resolve) => { timers.push({ at: now + ms, fire: resolve }); });
  let done = false;
  const pool = runPool(runs, jobs, async (run, release) => {
    await after(run.cpu);
    release();
    await after(run.wait);
  }, () => undefined, undefined, { bound: (run) => run.timed, timerJobs }).then(() => { done = true; });
  while (!done) {
    await settle();
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (next === undefined) break;
    now = next.at;
    next.fire();
  }
  await pool;
  return now;
};

t.test('virtual time: the run ends near max(longest run, CPU work / cores), not after the timer-bound runs one slot at a time', async (t) => {
  // 12 runs that start in 100 ms and wait 3 s on a kernel timer, 60 CPU-bound runs of 100 ms, 2 cores.
  const runs = [
    ...Array.from({ length: 12 }, () => ({ cpu: 100, wait: 3000, timed: true })),
    ...Array.from({ length: 60 }, () => ({ cpu: 100, wait: 0, timed: false })),
  ];
  const floor = Math.max(3100, (12 * 100 + 60 * 100) / 2);
  const wall = await simulate(runs, 2, 16);
  t.ok(wall <= floor * 1.2, `${wall} ms within 1.2x of the floor ${floor} ms`);
  // The negative control: the same runs with the timer-bound ones holding their CPU slot.
  const held = await simulate(runs, 2, 0);
  t.ok(held > floor * 2, `with timerJobs 0: ${held} ms, past twice the floor: the check above can fail`);
  const narrow = await simulate(runs, 2, 2);
  t.ok(narrow > wall, `a timer budget of 2 (${narrow} ms) is slower than 16 (${wall} ms): the budget bounds them`);
});

t.test('virtual time, the default run\'s proportions: the default timer budget leaves the wall to the CPU work, 2 per core did not', async (t) => {
  // As `npx sockspec` on 2 cores: 144 slow runs (6 slow cases x 24 columns and families) that start in ~100 ms and
  // wait ~3.4 s on kernel timers, and 924 others of ~130 ms each (the fast run, ~60 s at --jobs 2, quiet).
  const runs = [
    ...Array.from({ length: 144 }, () => ({ cpu: 100, wait: 3400, timed: true })),
    ...Array.from({ length: 924 }, () => ({ cpu: 130, wait: 0, timed: false })),
  ];
  const floor = Math.max(3500, (144 * 100 + 924 * 130) / 2);
  const wall = await simulate(runs, 2, timerJobsFor(2));
  t.ok(wall <= floor * 1.1, `the default budget (${timerJobsFor(2)}): ${wall} ms within 1.1x of max(longest run, CPU work / cores) = ${floor} ms`);
  // The control: the budget before (2 per core) leaves the timer-bound runs to set the wall, 144 x 3.5 s over 4 slots.
  const before = await simulate(runs, 2, 4);
  t.ok(before > floor * 1.5, `a budget of 4: ${before} ms, past 1.5x: the check above can fail`);
});
