// The order the reference presents groups and cases in, as the group folders declare it (suites/<group>/order.json).

/** Groups and case ids, each in the order declared; what is not declared comes after, by name. */
export interface CaseOrder {
  groups: readonly string[];
  cases: readonly string[];
}

/** No declared order: everything by name (a results file read away from any suites folder). */
export const BY_NAME: CaseOrder = { groups: [], cases: [] };

/** "close/unread-data-sends-rst" → "close"; a case's group is its folder under suites/. */
export const groupOf = (id: string): string => {
  const slash = id.lastIndexOf('/');
  return slash === -1 ? '' : id.slice(0, slash);
};

// Declared first, in order; anything newer after them, alphabetically (so a new case reads well before it is placed).
const rank = (known: readonly string[], x: string): number => {
  const i = known.indexOf(x);
  return i === -1 ? known.length : i;
};
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts groups as declared. */
export const compareGroups = (order: CaseOrder) => (a: string, b: string): number =>
  rank(order.groups, a) - rank(order.groups, b) || byName(a, b);

/** Sorts case ids by group, then as the group declares its cases. */
export const compareCaseIds = (order: CaseOrder) => (a: string, b: string): number =>
  compareGroups(order)(groupOf(a), groupOf(b)) || rank(order.cases, a) - rank(order.cases, b) || byName(a, b);
