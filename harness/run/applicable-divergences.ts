// Picks the documented divergences that apply to one run: its runtimes in their roles, its variant, this platform.
import type { Divergence } from '../case/case-types.ts';

/** Who ran the case: one runtime per role (the runtime's name, whatever its version), the variant, and the OS. */
export interface RunIdentity {
  server: string;
  client: string;
  variant: string | null;
  platform: string;
}

/**
 * A runtime's divergence applies when that runtime plays its role ('both': both roles), so a
 * cross-runtime pair gets the server's divergences and the client's; a platform note applies on its OS.
 */
export const applicableDivergences = (all: Divergence[] = [], who: RunIdentity): Divergence[] =>
  all.filter((d) => playsRole(d, who)
    && (d.platform === undefined || d.platform === who.platform)
    && (d.variant === '*' || (d.variant ?? null) === who.variant));

const playsRole = (d: Divergence, who: RunIdentity): boolean => {
  if (d.runtime === undefined) return true;
  const role = d.role ?? 'either';
  if (role === 'server') return who.server === d.runtime && (d.peer === undefined || d.peer.includes(who.client));
  if (role === 'client') return who.client === d.runtime && (d.peer === undefined || d.peer.includes(who.server));
  if (role === 'both') return who.server === d.runtime && who.client === d.runtime;
  return who.server === d.runtime || who.client === d.runtime;
};
