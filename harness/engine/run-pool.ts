// Runs tasks with at most `jobs` at once, handing each result over as soon as it is done.

/** Starts tasks in order, `jobs` at a time; stops starting new ones once `signal` aborts. */
export const runPool = async <T, R>(
  items: T[], jobs: number, task: (item: T) => Promise<R>, onResult: (r: R, item: T) => void, signal?: AbortSignal,
): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && signal?.aborted !== true) {
      const item = items[next++]!;
      onResult(await task(item), item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
};
