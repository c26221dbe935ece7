// Picks the documented divergences that apply to one run: its runtimes, its variant, this platform.
import type { Divergence } from '../case/case-types.ts';

/** Who ran the case: one runtime per role, the variant, and the OS. */
export interface RunIdentity {
  server: string;
  client: string;
  variant: string | null;
  platform: string;
}

/** A divergence applies when its runtime ran either role, its platform is this one, and its variant matches. */
export const applicableDivergences = (all: Divergence[] = [], who: RunIdentity): Divergence[] =>
  all.filter((d) =>
    (d.runtime === undefined || d.runtime === who.server || d.runtime === who.client)
    && (d.platform === undefined || d.platform === who.platform)
    && (d.variant === '*' || (d.variant ?? null) === who.variant));
