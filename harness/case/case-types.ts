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

export type Step = AgentStep | SocketsStep;

/** A segment pattern: every listed field must hold. */
export interface SegmentPattern {
  from: 'client' | 'server';
  /** The segment carries at least these flags. */
  flags?: string[];
  /** ...and none of these. */
  notFlags?: string[];
  seq?: number;
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
  | { rule: 'silent-after'; after: SegmentPattern; role: 'client' | 'server'; quietMs: number; why?: string };

/** Options merged into a role's listen/connect requests (e.g. Node's pauseOnConnect). */
export type RoleOptions = Partial<Record<Role, Record<string, boolean>>>;

/** A runtime's other way of writing the same program, run beside its idiomatic one. */
export interface Variant {
  name: string;
  description: string;
  runtimes: string[];
  options: RoleOptions;
}

/** A documented difference from the kernel-layer expectation, with a reason and a source. */
export interface Divergence {
  runtime?: string;
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

/** The file's declaration. The id comes from the path, never from the file. */
export interface CaseDefinition {
  description: string;
  spec: string[];
  tags?: string[];
  steps: Step[];
  wire?: WireRule[];
  variants?: Variant[];
  divergences?: Divergence[];
  wrongPeer?: WrongPeer;
  /** Bound on each step's wait, ms. */
  stepTimeoutMs?: number;
}

/** A loaded, validated case. */
export interface LoadedCase extends CaseDefinition {
  id: string;
  file: string;
}
