// The declarative case format, described once: each shape below both checks a case file (validate-case.ts) and gives its type.
import { OPS } from '../protocol/messages.ts';
import { CASE_TAGS, caseTag } from './case-tags.ts';
import { divergenceChanges, divergenceCore, expectShape, families, platform, role, wireRule } from './format-pieces.ts';
import { HARNESS_OPS } from './ops/index.ts';
import { bool, custom, either, integer, isObject, join, listOf, oneOf, posInt, recordOf, shape, str, tagged, text, want, type Infer } from './shape-checks.ts';
import { wrongPeerMode } from './wrong-peer-modes.ts';
import { versionRange } from './version-range.ts';
import type { CaseVariant, RuntimeDivergence } from './expectation-types.ts';

export type { Expect, Role, RoleOptions, SegmentPattern, WireRule } from './format-pieces.ts';
export type { AwaitStep } from './ops/await.ts';
export type { CountersStep } from './ops/counters.ts';
export type { FirewallStep } from './ops/firewall.ts';
export type { InjectStep } from './ops/inject.ts';
export type { LinkStep } from './ops/link.ts';
export type { SocketsStep } from './ops/sockets.ts';
/** A tag from the closed list of case-tags.ts. */
export type CaseTag = (typeof CASE_TAGS)[number];

/** One socket call by one role (PROTOCOL.md ops). */
export const agentStep = shape({ role, op: oneOf(...OPS) }, {
  /** Name given to the socket this step creates (listen, reserve, connect, accept). */
  as: str,
  /** The socket this step acts on. */
  sock: str,
  /** connect: the listener (or reserved socket) whose port to connect to. */
  to: str,
  host: oneOf('127.0.0.1', '::1'),
  /** listen/reserve: bind the port of this earlier socket (e.g. rebinding after TIME_WAIT). */
  portOf: str,
  /** connect: bind the local port of this earlier socket first (reconnect from the same 4-tuple). */
  bindPortOf: str,
  /** Op options from the protocol's closed set (reuseAddr on listen, blocking on recv, inFlight on connect). */
  options: shape({}, { reuseAddr: bool, blocking: bool, inFlight: bool }),
  data: text,
  bytes: posInt,
  max: posInt,
  how: oneOf('write', 'read', 'both'),
  name: str,
  value: custom<number | boolean>((v, k, out) => { if (typeof v !== 'number' && typeof v !== 'boolean') want(out, k, 'a number or boolean', v); }),
  /** A short name for reports and for divergences to refer to. */
  label: str,
  expect: expectShape,
  /** Bound on this step's wait, ms (default: the runner's step timeout). */
  timeoutMs: posInt,
  /** Sent, and the steps go on without its reply: a later `await` with `reply: <this label>` waits for it and checks `expect` (a connect in flight). */
  background: bool,
});
export type AgentStep = Infer<typeof agentStep>;

/** A step the harness does itself (harness/case/ops/: one file per op). */
export type HarnessStep = Infer<(typeof HARNESS_OPS)[number]['shape']>;
export const harnessStep = custom<HarnessStep>(tagged('op', Object.fromEntries(HARNESS_OPS.map((op) => [op.name, op.shape])),
  `one of the harness ops ${HARNESS_OPS.map((op) => op.name).join(', ')}`));
/** kill, restart, freeze, thaw: what happens to a role's agent process. */
export type ProcessStep = Extract<HarnessStep, { op: 'kill' | 'restart' | 'freeze' | 'thaw' }>;

/** A harness step when its role is 'harness', else an agent step. */
export const step = either((v) => isObject(v) && v.role === 'harness', harnessStep, agentStep);
export type Step = Infer<typeof step>;

/** How the self-tests make a deliberately wrong peer for this case (test/fixtures/runtimes/wrong-peer). */
export const wrongPeer = shape({ role, mode: wrongPeerMode, why: str });
export type WrongPeer = Infer<typeof wrongPeer>;

/** How the self-tests make a wrong network condition for this case: the run without this step (e.g. its firewall rule). */
export const wrongNetwork = shape({ skipStep: str, why: str });
export type WrongNetwork = Infer<typeof wrongNetwork>;

/**
 * A case file's divergences are platform notes, with no `runtime` or `role`: a runtime's divergences
 * live in `<runtime>.expectations.ts` beside the case (runtimes/<name>/expectations.ts for sockspec's own).
 */
export const platformNote = shape({ platform, ...divergenceCore }, {
  ...divergenceChanges,
  /** Only on kernel releases in the range (`{ below: '6.5' }`, as uname -r gives them: '6.18.44-...' is 6.18.44): Linux behaviour that came with a release. */
  kernel: versionRange,
  /** Only on runs over these address families (`['ipv6']`). */
  families,
});
/** What a case file writes in `divergences`: the type the check above admits, so tsc and the loader agree. */
export type PlatformNote = Infer<typeof platformNote>;

// Only TCP/IP keys, as dotted names: a key becomes a /proc/sys path inside the case's namespace.
const sysctlKey = /^net\.(ipv4|ipv6|core)\.[a-z0-9_]+(\.[a-z0-9_]+)*$/;
const sysctls = custom<Record<string, number>>((v, k, out) => {
  if (!isObject(v)) return want(out, k, 'an object of sysctl names to integers', v);
  for (const [key, value] of Object.entries(v)) {
    if (!sysctlKey.test(key)) out.push({ key: join(k, key), message: `Expected \`${join(k, key)}\` to be a net.ipv4/net.ipv6/net.core sysctl name` });
    else integer(value, join(k, key), out);
  }
});

/**
 * The kernel layer over one address family where the kernel itself answers otherwise (an ICMPv6 code's
 * errno): these step expectations and wire rules replace the case's on that family's runs, which still
 * pass as the kernel layer. Not a divergence: the same kernel, another protocol, with its reason and source.
 */
export const familyLayer = shape({ reason: str, source: str }, { steps: recordOf(expectShape), wire: listOf(wireRule) });
export type FamilyLayer = Infer<typeof familyLayer>;

/** The file's declaration. The id comes from the path, never from the file. */
export const caseShape = shape({ description: str, spec: listOf(str, true), steps: listOf(step, true) }, {
  /** 'slow': its length is set by a kernel timer (SYN retries, retransmissions); --fast leaves it out (case-tags.ts). */
  tags: listOf(caseTag),
  /** loopback: both roles in one namespace on 127.0.0.1; two-hosts: a namespace each, joined by a veth pair. */
  topology: oneOf('loopback', 'two-hosts'),
  /** Set in every namespace of the case before agents start (e.g. net.ipv4.tcp_syn_retries), to keep timers short. */
  sysctls,
  wire: listOf(wireRule),
  divergences: listOf(platformNote),
  /** The kernel layer's own differences per address family: `{ ipv6: { reason, source, steps, wire } }`. */
  byFamily: shape({}, { ipv4: familyLayer, ipv6: familyLayer }),
  /** The negative control: a wrong peer or a wrong network condition under which the case must fail. */
  wrongPeer,
  wrongNetwork,
  /** Bound on each step's wait, ms. */
  stepTimeoutMs: posInt,
});
export type CaseDefinition = Infer<typeof caseShape>;

/**
 * A runtime's other way of writing the same program, run beside its idiomatic one. Case files
 * do not declare these: they come from runtimes/<name>/expectations.ts (per case, with options)
 * and from an adapter's `programs` (every case, another agent program).
 */
export interface Variant extends CaseVariant {
  runtimes: string[];
  /** Another agent program of the runtime (adapter `programs`), not options for the idiomatic one. */
  program?: boolean;
}

/**
 * A documented difference from the kernel-layer expectation as the harness holds it once loaded: a
 * case file's platform note, or a runtime's divergence merged from an expectations file, carrying
 * its `runtime`. Not what a case file writes (that is a PlatformNote).
 */
export interface Divergence extends Omit<RuntimeDivergence, 'role'> {
  runtime?: string;
  /** A platform note's kernel releases (Linux): it holds only on a kernel in the range. */
  kernel?: PlatformNote['kernel'];
  /** With `runtime`: the role(s) that must run it for the divergence to hold. */
  role?: RuntimeDivergence['role'];
  /** A net's divergence (harness/net/nets/<net>.expectations.ts): holds on that net's runs only, whatever runtimes play. */
  net?: string;
}

/** A loaded, validated case, with every runtime's divergences and variants merged in. */
export interface LoadedCase extends Omit<CaseDefinition, 'divergences'> {
  id: string;
  file: string;
  divergences?: Divergence[];
  variants?: Variant[];
}
