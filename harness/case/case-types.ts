// The declarative case format: what a file under suites/ default-exports.
import type { Op } from '../protocol/messages.ts';

/** Roles that own sockets; `harness` steps are done by the harness itself (e.g. listing sockets). */
export type Role = 'server' | 'client';

/** What a step should observe; every listed field must hold. */
export interface Expect {
  /** The call succeeds. */
  ok?: boolean;
  /** The call fails with this portable errno name (ECONNRESET); `null`: fails with no errno. */
  error?: string | null;
  /** The runtime's own name for the error (ERR_SOCKET_CLOSED, ConnectionResetError). */
  errorName?: string;
  /** Whether the runtime made the error up without a failing syscall. */
  synthesized?: boolean;
  /** A read returns end of stream. */
  eof?: boolean;
  /** A read returns exactly these bytes (latin1). */
  data?: string;
  /** The kernel's TCP state (the `state` op). */
  state?: string;
}

/** One socket call by one role (PROTOCOL.md ops), or a harness probe. */
export interface AgentStep {
  role: Role;
  op: Op;
  /** Name given to the socket this step creates (listen, reserve, connect, accept). */
  as?: string;
  /** The socket this step acts on. */
  sock?: string;
  /** connect: the listener (or reserved socket) whose port to connect to. */
  to?: string;
  host?: string;
  /** listen/reserve: bind the port of this earlier socket (e.g. rebinding after TIME_WAIT). */
  portOf?: string;
  /** connect: bind the local port of this earlier socket first (reconnect from the same 4-tuple). */
  bindPortOf?: string;
  /** Op options from the protocol's closed set (reuseAddr on listen, blocking on recv). */
  options?: { reuseAddr?: boolean; blocking?: boolean };
  data?: string;
  bytes?: number;
  max?: number;
  how?: 'write' | 'read' | 'both';
  name?: string;
  value?: number | boolean;
  /** A short name for reports and for divergences to refer to. */
  label?: string;
  expect?: Expect;
  /** Bound on this step's wait, ms (default: the runner's step timeout). */
  timeoutMs?: number;
}

/** The harness lists the kernel's TCP sockets on the case's ports (`ss`). */
export interface SocketsStep {
  role: 'harness';
  op: 'sockets';
  label?: string;
  /** absent: no socket but the listener remains on the connection (e.g. no TIME_WAIT after a RST). */
  expect: { connection: 'absent' } | { clientState: string } | { serverState: string };
}

/** A firewall rule in one host's namespace (nft), e.g. drop SYNs, or reject them with a RST or an ICMP error. */
export interface FirewallStep {
  role: 'harness';
  op: 'firewall';
  host: Role;
  chain: 'input' | 'output';
  match: 'syn' | 'tcp';
  /** Only segments to this earlier socket's port (default: all TCP). */
  portOf?: string;
  action: 'drop' | 'reject-tcp-reset' | 'reject-host-unreachable';
  label?: string;
}

/** Takes a host's link down (or up again): in a two-hosts topology, the peer vanishes without FIN or RST. */
export interface LinkStep {
  role: 'harness';
  op: 'link';
  host: Role;
  state: 'down' | 'up';
  label?: string;
}

/**
 * kill: SIGKILLs a role's agent (its process dies, the kernel closes its sockets); restart: a
 * fresh agent in its place; freeze/thaw: SIGSTOP/SIGCONT, so that several segments arrive
 * before the agent's runtime gets to read any of them (what it then reports is deterministic).
 */
export interface ProcessStep {
  role: 'harness';
  op: 'kill' | 'restart' | 'freeze' | 'thaw';
  target: Role;
  label?: string;
}

/**
 * Sends one crafted segment to `to`, as if from its peer on the case's connection, with
 * seq = `to`'s RCV.NXT (read from the capture) + offset.
 */
export interface InjectStep {
  role: 'harness';
  op: 'inject';
  to: Role;
  flags: string[];
  offset: number;
  label?: string;
}

/** Reads kernel counters (/proc/net/netstat, snmp) in a host's namespace; `delta` compares with the previous read there. */
export interface CountersStep {
  role: 'harness';
  op: 'counters';
  host: Role;
  names: string[];
  label?: string;
  expect?: { delta: Record<string, number> };
}

/** Waits until the capture holds a segment matching the pattern: a wire event as a step. */
export interface AwaitStep {
  role: 'harness';
  op: 'await';
  segment: SegmentPattern;
  label?: string;
  timeoutMs?: number;
}

export type HarnessStep = SocketsStep | FirewallStep | LinkStep | ProcessStep | InjectStep | CountersStep | AwaitStep;

export type Step = AgentStep | HarnessStep;

/** A segment pattern: every listed field must hold. */
export interface SegmentPattern {
  from: 'client' | 'server';
  /** The segment carries at least these flags. */
  flags?: string[];
  /** ...and none of these. */
  notFlags?: string[];
  /** An absolute number, or 'acked': the ack of the other side's latest segment before this one (RFC 9293 §3.10.7.1 RST format). */
  seq?: number | 'acked';
  /** An absolute number, or 'isn+1': the other side's SYN sequence number plus one. */
  ack?: number | 'isn+1';
  /** true: carries payload; false: carries none. */
  data?: boolean;
}

/** Wire assertions, checked when a capture is available (skipped with a reason otherwise). */
export type WireRule =
  | { rule: 'present'; segment: SegmentPattern; why?: string }
  | { rule: 'absent'; segment: SegmentPattern; why?: string }
  | { rule: 'sequence'; segments: SegmentPattern[]; why?: string }
  /** After the first `after` segment, `role` sends nothing at all during quietMs. */
  | { rule: 'silent-after'; after: SegmentPattern; role: 'client' | 'server'; quietMs: number; why?: string }
  /** How many segments match (SYN retransmissions, one challenge ACK); their times are kept as evidence. */
  | { rule: 'count'; segment: SegmentPattern; min?: number; max?: number; why?: string };

/** Options merged into a role's listen/connect requests (e.g. Node's pauseOnConnect). */
export type RoleOptions = Partial<Record<Role, Record<string, boolean>>>;

/**
 * A runtime's other way of writing the same program, run beside its idiomatic one. Case files
 * do not declare these: they come from runtimes/<name>/expectations.ts (per case, with options)
 * and from an adapter's `programs` (every case, another agent program).
 */
export interface Variant {
  name: string;
  description: string;
  runtimes: string[];
  options: RoleOptions;
  /** Another agent program of the runtime (adapter `programs`), not options for the idiomatic one. */
  program?: boolean;
}

/**
 * A documented difference from the kernel-layer expectation, with a reason and a source. In a
 * case file only platform notes (`platform`, no `runtime`); a runtime's own divergences come
 * from its expectations.ts and carry `runtime` and `role` once merged.
 */
export interface Divergence {
  runtime?: string;
  /** With `runtime`: the role(s) that must run it for the divergence to hold. */
  role?: 'server' | 'client' | 'both';
  /** With `runtime` and role server or client: only when the other role runs one of these. */
  peer?: string[];
  /** Applies to this variant only; default: the idiomatic run (no variant). '*' for all. */
  variant?: string;
  platform?: 'linux' | 'darwin' | 'win32' | 'freebsd';
  /** false: stated from sources, not measured by a real run. */
  verified: boolean;
  reason: string;
  source: string;
  /** Step label → what is observed instead. */
  steps?: Record<string, Expect>;
  /** Replaces the case's wire rules. */
  wire?: WireRule[];
}

/** How the self-tests make a deliberately wrong peer for this case (test/fixtures/runtimes/wrong-peer). */
export interface WrongPeer {
  role: Role;
  mode: string;
  why: string;
}

/** How the self-tests make a wrong network condition for this case: the run without this step (e.g. its firewall rule). */
export interface WrongNetwork {
  skipStep: string;
  why: string;
}

/** The file's declaration. The id comes from the path, never from the file. */
export interface CaseDefinition {
  description: string;
  spec: string[];
  /** 'slow': its length is set by a kernel timer (SYN retries, retransmissions); --fast leaves it out. */
  tags?: string[];
  /** loopback: both roles in one namespace on 127.0.0.1; two-hosts: a namespace each, joined by a veth pair. */
  topology?: 'loopback' | 'two-hosts';
  /** Set in every namespace of the case before agents start (e.g. net.ipv4.tcp_syn_retries), to keep timers short. */
  sysctls?: Record<string, number>;
  steps: Step[];
  wire?: WireRule[];
  variants?: Variant[];
  divergences?: Divergence[];
  /** The negative control: a wrong peer or a wrong network condition under which the case must fail. */
  wrongPeer?: WrongPeer;
  wrongNetwork?: WrongNetwork;
  /** Bound on each step's wait, ms. */
  stepTimeoutMs?: number;
}

/** A loaded, validated case. */
export interface LoadedCase extends CaseDefinition {
  id: string;
  file: string;
}
