// Runs tasks with at most `jobs` at once, handing each result over as soon as it is done.

/**
 * Runs that wait on a timer (a kernel's retransmissions) hold no core while they wait: they
 * take one of `jobs` CPU slots only to start (spawns, namespace, agents) and, once the task
 * calls `release`, wait in one of `timerJobs` timer slots beside the CPU-bound runs.
 * `timerJobs` 0: they hold their CPU slot throughout, like any run.
 */
export interface TimerBudget<T> {
  bound: (item: T) => boolean;
  timerJobs: number;
}

/** Frees the CPU slot of a timer-bound task that is done starting; a no-op after the first call and for other tasks. */
export type Release = () => void;

/**
 * Starts tasks in order, `jobs` at a time (plus timer-bound ones beside them, see TimerBudget);
 * a task that cannot start yet (its timer slots full) lets later ones of the other kind pass.
 * Stops starting new ones once `signal` aborts.
 */
export const runPool = async <T, R>(
  items: T[], jobs: number, task: (item: T, release: Release) => Promise<R>, onResult: (r: R, item: T) => void,
  signal?: AbortSignal, timer?: TimerBudget<T>,
): Promise<void> => {
  const cpuSlots = Math.max(1, jobs);
  const timerSlots = timer?.timerJobs ?? 0;
  // Asked once per item: a fill scans the waiting ones again and again.
  const waiting = items.map((item) => ({ item, isTimed: timerSlots > 0 && timer!.bound(item) }));
  let cpu = 0;
  let timers = 0;
  const running = new Set<Promise<void>>();
  // A task that threw ends the pool: nothing more starts, the error goes to the caller.
  let failed = false;
  // Starts every waiting task that fits, in order.
  const fill = (): void => {
    for (let i = 0; i < waiting.length && cpu < cpuSlots && !failed && signal?.aborted !== true;) {
      const { item, isTimed } = waiting[i]!;
      if (isTimed && timers >= timerSlots) { i++; continue; }
      waiting.splice(i, 1);
      cpu++;
      if (isTimed) timers++;
      let holdsCpu = true;
      const release: Release = () => {
        if (!isTimed || !holdsCpu) return;
        holdsCpu = false;
        cpu--;
        fill();
      };
      const run: Promise<void> = task(item, release).then((r) => {
        if (holdsCpu) cpu--;
        holdsCpu = false;
        if (isTimed) timers--;
        running.delete(run);
        onResult(r, item);
        fill();
      }).catch((error: unknown) => {
        failed = true;
        throw error;
      });
      running.add(run);
    }
  };
  fill();
  while (running.size > 0) await Promise.race(running);
};
