// How each status reads and is coloured on the page: the two vocabularies, kept apart in the legend too.
import type { Status } from '../../result/case-result.ts';

/** The legend's (and the filter's) categories: the three kinds of harness trouble share one colour. */
export const CATEGORIES = ['pass', 'divergence', 'unexpected-pass', 'fail', 'skip', 'trouble'] as const;
export type Category = (typeof CATEGORIES)[number];

/** What each category means, as the legend says it. */
export const CATEGORY_TEXT: Record<Category, { name: string; meaning: string }> = {
  pass: { name: 'pass', meaning: 'as the kernel layer expects' },
  divergence: { name: 'documented divergence', meaning: 'differs as its expectations file says, with reason and source' },
  'unexpected-pass': { name: 'unexpected pass', meaning: 'a documented divergence did not happen' },
  fail: { name: 'fail', meaning: 'not what was wanted' },
  skip: { name: 'skip', meaning: 'not run, with the reason' },
  trouble: { name: 'harness trouble', meaning: 'error, crash or timeout of an agent: not a semantics verdict' },
};

/** The category a status is coloured and filtered by. */
export const categoryOf = (status: Status): Category =>
  status === 'error' || status === 'crash' || status === 'timeout' ? 'trouble' : status;

/** The few letters a matrix cell shows. */
export const SHORT: Record<Status, string> = {
  pass: 'pass',
  divergence: 'div.',
  'unexpected-pass': 'unexp.',
  fail: 'FAIL',
  skip: 'skip',
  error: 'ERROR',
  crash: 'CRASH',
  timeout: 'TIME',
};

/** The class that colours anything showing this status (cell, badge, run). */
export const statusClass = (status: Status): string => `s-${categoryOf(status)}`;
