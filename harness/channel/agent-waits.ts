// What the TypeScript agents' ops share beside the control channel (agent-loop.ts): bounded waits on
// socket events, the queue of bytes delivered and not yet read, and the errors an agent names
// itself. Portable like agent-loop.ts: no node: imports, it runs inside Node, Deno and Bun.
import type { SocketError } from '../protocol/messages.ts';
import type { Outcome } from './agent-loop.ts';

/** Callbacks to run on every event of one socket: each re-checks whether its wait is over. */
export type Waiters = Set<() => void>;

/** What a wait gives when its time ran out. */
export const TIMEOUT = Symbol('timeout');

/** Runs every waiter of a socket once (an event happened on it). */
export const notify = (waiters: Waiters): void => {
  for (const wake of [...waiters]) wake();
};

/** Re-runs `check` on every event of the socket until it yields a result or `ms` runs out. */
export const waitFor = <T>(waiters: Waiters, check: () => T | undefined, ms: number): Promise<T | typeof TIMEOUT> => {
  const now = check();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const finish = (value: T | typeof TIMEOUT): void => {
      clearTimeout(timer);
      waiters.delete(wake);
      resolve(value);
    };
    const wake = (): void => {
      const result = check();
      if (result !== undefined) finish(result);
    };
    const timer = setTimeout(() => finish(TIMEOUT), ms);
    waiters.add(wake);
  });
};

/** Arms a wait's bound: `fire` runs once `ms` is up, unless the returned disarm ran first. */
export type ArmTimer = (ms: number, fire: () => void) => () => void;

/** The global setTimeout: what Node's and Bun's agents bound their waits with. */
const globalTimer: ArmTimer = (ms, fire) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};

/**
 * `promise`, or TIMEOUT when it has not settled within `ms` (the promise itself goes on). `arm` sets
 * the bound: an agent whose runtime makes the global setTimeout costly passes its own (Deno's agent).
 */
export const withTimeout = <T>(promise: Promise<T>, ms: number, arm: ArmTimer = globalTimer): Promise<T | typeof TIMEOUT> =>
  new Promise((resolve) => {
    const disarm = arm(ms, () => resolve(TIMEOUT));
    void promise.then((value) => {
      disarm();
      resolve(value);
    });
  });

/** Takes up to `max` bytes off the front of `queue` (chunks as delivered), splitting a chunk if need be. */
export const takeChunks = <T extends Uint8Array>(queue: T[], max: number): T[] => {
  const parts: T[] = [];
  let left = max;
  while (left > 0 && queue.length > 0) {
    const head = queue[0] as T;
    if (head.length <= left) {
      parts.push(head);
      queue.shift();
      left -= head.length;
    } else {
      parts.push(head.subarray(0, left) as T);
      queue[0] = head.subarray(left) as T;
      left = 0;
    }
  }
  return parts;
};

/** An error the runtime gives without any errno, named by the agent (PROTOCOL.md: `synthesized`). */
export const namedSilence = (name: string, message: string): Outcome => ({
  error: { errno: null, name, synthesized: true, syscall: null, message },
});

/**
 * A Node-style error (Node's and Bun's: `code` the errno name, `syscall` when a syscall failed) as
 * the protocol has it: no `syscall` property is exactly "the runtime made it up".
 */
export const codeError = (err: Error & { code?: unknown; syscall?: unknown }): SocketError => {
  const code = typeof err.code === 'string' ? err.code : undefined;
  const syscall = typeof err.syscall === 'string' ? err.syscall : null;
  return {
    errno: code !== undefined && /^E[A-Z0-9]+$/.test(code) ? code : null,
    name: code ?? err.name,
    synthesized: syscall === null,
    syscall,
    message: err.message,
  };
};
