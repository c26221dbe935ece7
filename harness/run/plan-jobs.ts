// Schedules case × runtime (× variant): the idiomatic run of each runtime, plus each variant that names it.
import type { LoadedCase } from '../case/case-types.ts';
import type { CaseJob, RoleRuntime } from './run-case.ts';

/** A runtime per role; the usual pair runs one runtime in both roles. */
export interface RuntimePair {
  server: RoleRuntime;
  client: RoleRuntime;
}

/** Every job, in case order then pair order, so reports read in a stable order. */
export const planJobs = (cases: LoadedCase[], pairs: RuntimePair[]): CaseJob[] =>
  cases.flatMap((kase) => pairs.flatMap((pair) => [
    { kase, variant: null, ...pair },
    ...(kase.variants ?? [])
      .filter((v) => v.runtimes.includes(pair.server.name) || v.runtimes.includes(pair.client.name))
      .map((variant) => ({ kase, variant, ...pair })),
  ]));
