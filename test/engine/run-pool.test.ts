import t from 'tap';
import { runPool } from '../../harness/engine/run-pool.ts';

/**
 * Tasks the test finishes by hand: each start is recorded, and `started(n)` resolves once n
 * tasks have started, so the test waits on the pool's own progress, never on a clock.
 */
const controlledTasks = () => {
  const finishers = new Map<number, (r: string) => void>();
  const startOrder: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let waiting: { n: number; resolve: () => void } | null = null;
  const task = (item: number): Promise<string> => {
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
    finish: (item: number) => finishers.get(item)!(`result ${item}`),
    started: (n: number): Promise<void> =>
      startOrder.length >= n ? Promise.resolve() : new Promise((resolve) => { waiting = { n, resolve }; }),
    get startOrder() { return [...startOrder]; },
    get inFlight() { return inFlight; },
    get maxInFlight() { return maxInFlight; },
  };
};

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
