// Picks the documented divergences that apply to one run: its runtimes in their roles, its variant, this platform.
import type { Divergence, LoadedCase, Variant, WireRule } from '../case/case-types.ts';
import { inVersionRange } from '../case/version-range.ts';
import { kernelWire } from './family-layer.ts';

/** Who ran the case: one runtime per role (the runtime's name; its version only for divergences scoped by `versions`), the variant, and the OS. */
export interface RunIdentity {
  server: string;
  client: string;
  variant: string | null;
  /** The runtimes the variant belongs to (its options or program are theirs); the others run their idiomatic program. */
  variantRuntimes?: string[];
  platform: string;
  /** Each role's runtime version as the run reports it (`v22.23.3`), for divergences scoped by `versions`; absent: not checked. */
  serverVersion?: string;
  clientVersion?: string;
  /** The kernel release (`6.18.44-...`), for platform notes scoped by `kernel`; absent: not checked. */
  kernel?: string;
  /** The address family the run used ('ipv4', 'ipv6'), for divergences scoped by `families`; absent: not checked. */
  family?: string;
  /** The net the run used (--net); absent: kernel. */
  net?: string;
}

/**
 * A runtime's divergence applies when that runtime plays its role ('both': both roles), so a
 * cross-runtime pair gets the server's divergences and the client's; a platform note applies on its OS.
 */
export const applicableDivergences = (all: Divergence[] = [], who: RunIdentity): Divergence[] => {
  const applies = all.filter((d) => playsRole(d, who)
    && (d.platform === undefined || d.platform === who.platform)
    && (d.kernel === undefined || who.kernel === undefined || inVersionRange(d.kernel, who.kernel))
    && (d.families === undefined || who.family === undefined || d.families.includes(who.family as 'ipv4' | 'ipv6'))
    && onNet(d, who.net ?? 'kernel')
    && (d.variant === '*' || (d.net !== undefined && d.variant === undefined) || (d.variant ?? null) === variantOf(d, who)));
  // The first divergence that sets a step (or the wire) is the one used: one that names its peer
  // describes this very pair, so it goes before the general ones (a stable sort keeps the rest in order).
  // Most specific first: a runtime's scoped to the run's net (`nets`: its own behaviour there), the net's,
  // then the runtimes' others; the first that sets a step or the wire is the one used.
  const byNet = applies.filter((d) => d.net !== undefined);
  const scoped = applies.filter((d) => d.net === undefined && d.nets !== undefined);
  const rest = applies.filter((d) => d.net === undefined && d.nets === undefined);
  const peerFirst = (ds: Divergence[]): Divergence[] => [...ds.filter((d) => d.peer !== undefined), ...ds.filter((d) => d.peer === undefined)];
  return [...peerFirst(scoped), ...byNet, ...peerFirst(rest)];
};

/** A net's divergence holds on its net only; a runtime's on every net unless scoped by `nets`. */
const onNet = (d: Divergence, net: string): boolean =>
  d.net !== undefined ? d.net === net : d.nets === undefined || d.nets.includes(net);

/** What a scheduled run says about who runs it (the engine's CaseJob is one). */
export interface JobRoles {
  kase: Pick<LoadedCase, 'divergences'>;
  variant: Pick<Variant, 'name' | 'runtimes'> | null;
  server: { name: string; version?: string };
  client: { name: string; version?: string };
  /** The address family of the run (the engine's CaseJob has one); absent: every family's divergences. */
  family?: string;
  /** The net of the run (the engine's CaseJob has one); absent: kernel. */
  net?: string;
}

/** The divergences that apply to one scheduled run of a case, on `platform` (and its kernel release, when known). */
export const divergencesOf = (job: JobRoles, platform: string, kernel?: string): Divergence[] =>
  applicableDivergences(job.kase.divergences, {
    server: job.server.name, client: job.client.name, variant: job.variant?.name ?? null,
    variantRuntimes: job.variant?.runtimes ?? [], platform, serverVersion: job.server.version, clientVersion: job.client.version,
    ...(kernel === undefined ? {} : { kernel }), ...(job.family === undefined ? {} : { family: job.family }),
    ...(job.net === undefined ? {} : { net: job.net }),
  });

/** The wire rules a run checks: those of the first applied divergence that replaces them, else the kernel layer's on the run's family. */
export const wireRulesOf = (kase: LoadedCase, applied: Divergence[], family?: string): { divergence: Divergence | null; rules: WireRule[] } => {
  const divergence = applied.find((d) => d.wire !== undefined) ?? null;
  return { divergence, rules: divergence?.wire ?? kernelWire(kase, family) };
};

/**
 * The variant a divergence sees: a runtime's divergence sees the job's variant only when the
 * variant is that runtime's; otherwise that runtime runs its idiomatic program (a Node client
 * beside a Bun server running Bun's own API). A platform note sees the job's variant.
 */
const variantOf = (d: Divergence, who: RunIdentity): string | null =>
  d.runtime === undefined || who.variant === null || (who.variantRuntimes ?? []).includes(d.runtime) ? who.variant : null;

/**
 * The other role's program as a `peer` entry names it: "python" for its idiomatic program, or
 * "python/asyncio" when the run's variant is its own (another program, or options of its own):
 * programs of one runtime answer differently (asyncio reads eagerly, Python's socket does not).
 */
export const peerLabel = (runtime: string, who: RunIdentity): string =>
  who.variant !== null && (who.variantRuntimes ?? []).includes(runtime) ? `${runtime}/${who.variant}` : runtime;

const playsRole = (d: Divergence, who: RunIdentity): boolean => {
  if (d.runtime === undefined) return true;
  const role = d.role ?? 'either';
  const server = who.server === d.runtime && inVersions(d, who.serverVersion);
  const client = who.client === d.runtime && inVersions(d, who.clientVersion);
  if (role === 'server') return server && (d.peer === undefined || d.peer.includes(peerLabel(who.client, who)));
  if (role === 'client') return client && (d.peer === undefined || d.peer.includes(peerLabel(who.server, who)));
  if (role === 'both') return server && client;
  return server || client;
};

// A scoped divergence holds only for a runtime whose version is in its range (Node 20's libuv, not Node 24's); a
// version without numbers is in none. A caller that gives no version (the reference, which keeps only the divergences
// whose reason the run recorded) sees every scope.
const inVersions = (d: Divergence, version: string | undefined): boolean =>
  d.versions === undefined || version === undefined || inVersionRange(d.versions, version);
