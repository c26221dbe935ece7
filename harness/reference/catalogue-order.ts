// The order of the catalogue (../shared/SCENARIOS.md, README "The cases"), so the reference reads as the catalogue does.

/** Case ids in catalogue order, grouped: the order the reference presents groups and cases in. */
export const CATALOGUE_ORDER: readonly string[] = [
  'connect/refused-closed-port',
  'connect/syn-dropped',
  'connect/syn-rejected',
  'connect/syn-rejected-icmp',
  'close/unread-data-sends-rst',
  'close/all-read-sends-fin',
  'close/abortive-linger-zero',
  'close/rst-keeps-received-data',
  'close/half-close-shutdown-write',
  'close/time-wait-after-active-close',
  'listen/close-with-pending-connection',
  'write/epipe-on-second-write',
  'write/reset-after-unread-close',
  'write/after-local-shutdown',
  'rst/never-acknowledged',
  'rst/closed-port-answers-rst-ack',
  'rst/no-reset-in-reply-to-reset',
  'rst/segment-for-dead-connection',
  'rst/challenge-ack-in-window',
  'halfopen/peer-vanished',
  'halfopen/peer-restarted',
  'timeout/recv-timeout-sends-nothing',
];

/** "close/unread-data-sends-rst" → "close"; a case's group is its folder under suites/. */
export const groupOf = (id: string): string => {
  const slash = id.lastIndexOf('/');
  return slash === -1 ? '' : id.slice(0, slash);
};

const GROUPS = [...new Set(CATALOGUE_ORDER.map(groupOf))];

// Known first, in catalogue order; anything newer after them, alphabetically (so a new case needs no edit here).
const rank = (known: readonly string[], x: string): number => {
  const i = known.indexOf(x);
  return i === -1 ? known.length : i;
};
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts groups as the catalogue does. */
export const compareGroups = (a: string, b: string): number => rank(GROUPS, a) - rank(GROUPS, b) || byName(a, b);

/** Sorts case ids by group, then as the catalogue does within the group. */
export const compareCaseIds = (a: string, b: string): number =>
  compareGroups(groupOf(a), groupOf(b)) || rank(CATALOGUE_ORDER, a) - rank(CATALOGUE_ORDER, b) || byName(a, b);
