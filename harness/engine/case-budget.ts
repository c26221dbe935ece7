// One time budget per case (--timeout): every wait in a case ends by one deadline, and a case it ends says what was waiting.
import type { Segment, Trouble } from '../result/case-result.ts';

/** What is left of the case's budget, ms; `deadline` is the performance.now() by which the case must be done. */
export const budgetLeft = (deadline: number): number => Math.max(0, deadline - performance.now());

/** A wait's own bound, cut to what is left of the budget: no wait outlives the case. */
export const withinBudget = (deadline: number, ms: number): number => Math.min(ms, budgetLeft(deadline));

// A timer is due by the event loop's clock, which lags performance.now() by the loop's current turn: a
// wait cut to the budget can end a few ms before the deadline (1 run in 3 of a budget self-test).
const TIMER_SLACK_MS = 10;

/** Whether the budget is spent: a wait that ended now was cut by it, not by its own bound. */
export const budgetSpent = (deadline: number): boolean => performance.now() >= deadline - TIMER_SLACK_MS;

/** "server [RST, ACK] len 0; client [ACK] len 0", or "nothing": what did arrive while something waited. */
export const arrivedWords = (segments: readonly Segment[]): string =>
  segments.map((s) => `${s.from} [${s.flags.join(', ')}] len ${s.len}`).join('; ') || 'nothing';

/**
 * A case ended by its budget: harness trouble in the `timeout` vocabulary, never a pass or a
 * mismatch, since the behaviour asked about was not seen through.
 */
export const budgetTimeout = (budgetMs: number, at: string, waiting: string, arrived: string): { trouble: Trouble; message: string } => ({
  trouble: 'timeout',
  message: `the case's ${budgetMs} ms budget (--timeout) ran out in ${at}, waiting for ${waiting}; arrived meanwhile: ${arrived}`,
});

/** A step the budget ran out before. */
export const budgetSpentBefore = (budgetMs: number, at: string): { trouble: Trouble; message: string } => ({
  trouble: 'timeout',
  message: `the case's ${budgetMs} ms budget (--timeout) ran out before ${at}`,
});

/**
 * A step that did not hold, or did not finish, once the budget is spent was cut by the budget (its
 * waits end there): the case's timeout, told in the step's own words. Null while budget is left.
 */
export const cutByBudget = (deadline: number, budgetMs: number, at: string, ended: { wanted: string; found: string }): { trouble: Trouble; message: string } | null =>
  budgetSpent(deadline) ? budgetTimeout(budgetMs, at, ended.wanted, ended.found) : null;
