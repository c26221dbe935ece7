// Whether a run said the same over every family it ran: the reference states it once then, and each family's own where they differ.
import type { Family } from '../case/family.ts';

/** How the reference names a family. */
export const FAMILY_NAMES: Record<Family, string> = { ipv4: 'IPv4', ipv6: 'IPv6' };

/**
 * A test for one item: true when every item of its run (same `runOf`) says the same (`said`),
 * whatever its family; a run over one family only always agrees with itself.
 */
export const sameAcrossFamilies = <T>(items: T[], runOf: (t: T) => string, said: (t: T) => string): ((t: T) => boolean) => {
  const saying = new Map<string, Set<string>>();
  for (const item of items) {
    const run = runOf(item);
    saying.set(run, (saying.get(run) ?? new Set()).add(said(item)));
  }
  return (t) => (saying.get(runOf(t))?.size ?? 1) === 1;
};
