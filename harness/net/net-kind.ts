// A net: what carries a case's segments between its two agents (the host kernel's TCP, MPTCP, a user-space path, another stack); one module per net in harness/net/nets/.
import type { Family } from '../case/family.ts';
import type { Hosts } from './hosts.ts';
import type { LoadedCase } from '../case/case-types.ts';

/** What a net's createHosts is given: the case's topology, the run's family, the capture binary (null: no capture). */
export interface NetHostsRequest {
  topology: 'loopback' | 'two-hosts';
  family: Family;
  captureBinary: string | null;
}

/** createHosts' outcome: the hosts, or why the net cannot make them here (the case is then an error naming the reason). */
export type NetHostsOutcome = Hosts | { unavailable: true; reason: string };

/** Request fields a net adds to every request of these ops (merged after the case's own, so the net wins). */
export type NetRequestFields = Partial<Record<'listen' | 'connect' | 'reserve', Record<string, unknown>>>;

/**
 * One net, exported as `default` from harness/net/nets/<name>.ts (or <name>/index.ts) and listed
 * in harness/net/nets/index.ts. Divergences of a net live in harness/net/nets/<name>.expectations.ts
 * (`export default defineExpectations({...})`, the schema of runtimes/<name>/expectations.ts): see
 * harness/net/net-expectations.ts for how they combine with a runtime's.
 */
export interface NetKind {
  /** `--net` name, lower case: 'kernel', 'mptcp', 'pasta'. The point name shows it unless 'kernel'. */
  name: string;
  /** One line for --list-nets and the reference: what carries the segments. */
  summary: string;
  /**
   * Can this machine run the net? null: yes; else the reason, naming the Debian package to install
   * (`'pasta not found: apt-get install passt'`) or the kernel setting missing. Called once per run
   * (and by --list-nets); keep it fast (a `which`, a sysctl read), never start the net here.
   */
  detect(): Promise<string | null>;
  /**
   * The runtimes (RoleRuntime.name: 'c', 'python', 'go') whose agents can take part, with why the
   * others cannot; absent: every runtime. A run of another runtime on this net is a skip with `reason`.
   */
  runtimes?: { only: readonly string[]; reason: string };
  /**
   * Makes one case's hosts on this net, in the Hosts shape of harness/net/hosts.ts: each role's
   * command prefix (agents are started as [...prefix, ...agentCommand]), address and interface, the
   * capture (segments as the server's namespace sees them; null with captureReason when none), and
   * close(), which must end every process this net started (by its pid, never by name) and so
   * remove every namespace, TAP device and socket file it made, also when the run is interrupted
   * (spawn with execa's cleanup: true, or tie the process's life to a pipe from us as namespace.ts
   * does). A net that forwards the client to another address or port than the listener's sets
   * Hosts.reach (harness/net/hosts.ts). Kernel sysctls of the case are applied to both prefixes after.
   */
  createHosts(request: NetHostsRequest): Promise<NetHostsOutcome>;
  /**
   * Why this net cannot express a case (its premise needs what the net takes away, e.g. gvisor: the
   * server namespace's netfilter, counters or socket list no longer see the server's TCP), or null.
   * A run of such a case on this net is a skip with the reason. Absent: every case can run.
   * `runtimes`: the roles' runtime names, for what one runtime's own API does on this net (Go's dial
   * falls back to TCP on MPTCP) where no divergence can say it.
   */
  skip?(kase: LoadedCase, family: Family, runtimes?: { server: string; client: string }): string | null;
  /** Fields added to the agents' requests on this net (mptcp: `{ listen: { mptcp: true }, connect: { mptcp: true } }`). */
  request?: NetRequestFields;
}

/** The net a run without --net uses, and every result without a `net` field ran on. */
export const DEFAULT_NET = 'kernel';

/** Results written before the net dimension, or on the default net, carry no `net`: absent is kernel. */
export const netOf = (r: { net?: string }): string => r.net ?? DEFAULT_NET;

/** Why a runtime cannot run on `net`, or null when it can. */
export const netRuntimeSkip = (net: NetKind, runtime: string): string | null =>
  net.runtimes === undefined || net.runtimes.only.includes(runtime) ? null
    : `the ${net.name} net runs ${net.runtimes.only.join(', ')} only: ${net.runtimes.reason}`;
