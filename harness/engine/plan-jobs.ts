// Schedules case × runtime (× variant): the idiomatic run of each pair, plus each variant its runtimes have there.
import type { LoadedCase, Role, Variant } from '../case/case-types.ts';
import type { CaseJob, RoleRuntime } from './case-job.ts';
import type { Family } from '../case/family.ts';

/** A runtime per role; the usual pair runs one runtime in both roles. */
export interface RuntimePair {
  server: RoleRuntime;
  client: RoleRuntime;
}

/**
 * A variant runs where its runtime plays every role its options set (Node's pauseOnConnect is a
 * server option: it runs when Node is the server); a program variant, or one without options,
 * where its runtime plays either role.
 */
export const variantApplies = (v: Variant, pair: RuntimePair): boolean => {
  const roles = Object.keys(v.options).filter((r): r is Role => r === 'server' || r === 'client');
  const plays = (role: Role): boolean => v.runtimes.includes(pair[role].name);
  return roles.length === 0 ? plays('server') || plays('client') : roles.every(plays);
};

/** Every job, in case order, then pair order, then net, then family, so reports read in a stable order; a kernel job carries no net. */
export const planJobs = (cases: LoadedCase[], pairs: RuntimePair[], families: readonly Family[] = ['ipv4'], nets: readonly string[] = ['kernel']): CaseJob[] =>
  cases.flatMap((kase) => pairs.flatMap((pair) => [
    null, ...(kase.variants ?? []).filter((v) => variantApplies(v, pair)),
  ].flatMap((variant) => nets.flatMap((net) => families.map((family) => ({ kase, variant, ...pair, family, ...(net === 'kernel' ? {} : { net }) }))))));
