// What a harness op is: its shape, what it needs of the machine, how it runs and how it reads, in one file per op.
// The ops live inside the case folder (the model): the case format must see their shapes to check a file and type
// its steps (case-types.ts), and a folder of their own beside case/ would import it and be imported by it, a circle.
// So an op imports only the case format's pieces, and runs over the Machine and OpContext declared here, which the
// engine supplies (harness/engine/harness-step.ts: hosts, capture, agents, nft, the inject program).
import { oneOf, shape, str, type Schema, type ShapeOf } from '../shape-checks.ts';
import type { Role, SegmentPattern } from '../format-pieces.ts';

/**
 * What an op needs of the machine; an unmet need becomes the case's skip reason, checked in this
 * order by harness/engine/case-requirements.ts before the case starts.
 */
export interface Needs {
  /** A private network namespace (nft, ip link, raw sockets, the namespace's own /proc/net). */
  namespace?: true;
  /** Linux, even without a namespace: what of Linux it uses, in words. */
  linux?: string;
  /** The wire capture. */
  capture?: true;
  /** nft in the case's namespace. */
  firewall?: true;
  /** The inject program (a raw socket). */
  injector?: true;
}

/** One TCP socket as the kernel lists it, named as `ss -tan` names it (ESTAB, TIME-WAIT...). */
export interface KernelSocketView {
  state: string;
  local: string;
  peer: string;
  localPort: number;
  peerPort: number;
  /** Its armed timer as ss -o shows it ("keepalive,14.99s"), if any. */
  timer?: string;
}

/** What an op reads of a captured segment (harness/result/case-result.ts Segment has these and more). */
export interface WireSegment {
  from: 'client' | 'server' | 'unknown';
  src: string;
  dst: string;
  flags: string[];
  seq: number;
  ack: number;
  len: number;
  /** When it was captured: ms since the epoch, the kernel's timestamp. */
  time: number;
}

/** The case's capture, as ops see it. */
export interface CaseWire {
  /** Every segment captured so far, labelled client or server. */
  segments(): WireSegment[];
  /** Until the capture has read everything sent so far; false when it did not confirm in time. */
  sync(timeoutMs: number): Promise<boolean>;
  /** Every segment captured so far that matches `pattern`, in capture order. */
  matching(pattern: SegmentPattern): WireSegment[];
  /** Until a segment matching `pattern` is captured at position `since` or later; false at the timeout. */
  waitFor(pattern: SegmentPattern, since: number, timeoutMs: number): Promise<boolean>;
  /** The pattern in the words of the wire check ("server [RST, ACK] seq 0"), so an await reads as a wire rule does. */
  describe(pattern: SegmentPattern): string;
}

/** The machine the engine lends an op: each call acts in the case's own namespaces; failures are data (text). */
export interface Machine {
  /** The kernel's TCP sockets on the case's ports, in every namespace of the case. */
  listSockets(): Promise<{ ok: true; sockets: KernelSocketView[] } | { ok: false; reason: string }>;
  /** Loads an nft script in a host's namespace; null when loaded. */
  loadFirewall(host: Role, script: string): Promise<string | null>;
  /** Takes a host's link down or up (up resolves once traffic can flow). */
  setLink(host: Role, state: 'down' | 'up'): Promise<string | null>;
  /** SIGKILLs a role's agent and reaps it. */
  kill(target: Role): Promise<string | null>;
  /** SIGSTOP (true) or SIGCONT (false) to a role's agent, awaited until the kernel shows it. */
  freeze(target: Role, frozen: boolean): Promise<string | null>;
  /** A fresh agent in a role's place. */
  restart(target: Role): Promise<{ pid: number | null } | { trouble: 'error' | 'crash' | 'timeout'; message: string }>;
  /** Every kernel counter of a host's namespace (TcpExtTCPChallengeACK, TcpRetransSegs...). */
  readCounters(host: Role): Promise<Record<string, number>>;
  /** Sends one crafted segment from `from`'s namespace; with `icmp`, an ICMP error quoting that segment instead. */
  inject(from: Role, segment: { src: string; dst: string; seq: number; ack: number; flags: string; icmp?: 'net' | 'host' | 'port' | 'admin' }): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** null when this run has no capture (only ops that need none run then). */
  wire: CaseWire | null;
}

/** The part of a step's record an op fills in (harness/result/case-result.ts StepRecord). */
export interface StepNotes {
  label: string;
  request: Record<string, unknown>;
  ok: boolean | null;
  value?: Record<string, unknown>;
  wanted?: string;
  verdict?: 'ok' | 'mismatch' | 'unchecked';
  /** When an op that acts on the wire ran (ms since the epoch, and how long), to place what it sent among the captured segments. */
  t?: { start: number; ms: number };
}

/** Everything an op may touch while it runs. */
export interface OpContext {
  record: StepNotes;
  stepTimeoutMs: number;
  /** The listeners' ports: how segments and sockets are told to be the server's. */
  serverPorts: number[];
  /** The port of an earlier named socket, once it has one. */
  portOf(name: string): number | undefined;
  evidence: Record<string, number | string | number[]>;
  /** What ops keep between the steps of one case, each under its own name (the last counter reading, rules loaded). */
  memory: Map<string, unknown>;
  /** How many segments were captured when the previous step began. */
  previousStepMark: number;
  /** A wait's own bound, ms, cut to what is left of the case's time budget (--timeout): no wait outlives the case. */
  within(ms: number): number;
  machine: Machine;
}

/** How a step went: done (nothing asserted), checked (held or not), or harness trouble (told after the step's name). */
export type OpOutcome =
  | { kind: 'done' }
  | { kind: 'checked'; failure: null | { wanted: string; found: string } }
  | { kind: 'trouble'; trouble: 'error' | 'crash' | 'timeout'; message: string };

/** The step did what it does and asserts nothing. */
export const done = (): OpOutcome => ({ kind: 'done' });
/** The step's assertion held. */
export const held = (): OpOutcome => ({ kind: 'checked', failure: null });
/** The step's assertion did not hold: what was wanted, what was found. */
export const broke = (wanted: string, found: string): OpOutcome => ({ kind: 'checked', failure: { wanted, found } });
/** The harness could not do the step: harness trouble, not a finding about the runtime. */
export const trouble = (message: string): OpOutcome => ({ kind: 'trouble', trouble: 'error', message });

/** Waits until the capture has read every segment sent so far (an op about to read RCV.NXT or an anchor); trouble if it cannot say so in time. */
export const syncWire = async (wire: CaseWire, ctx: OpContext): Promise<OpOutcome | null> =>
  (await wire.sync(ctx.within(ctx.stepTimeoutMs))) ? null : trouble('the capture did not confirm it had read everything sent so far (sync)');

/** Every segment sent so far, once the capture has read them all (for an op that reads sequence numbers off them); none without a capture. */
export const syncedSegments = async (ctx: OpContext): Promise<WireSegment[] | OpOutcome> => {
  const wire = ctx.machine.wire;
  if (wire === null) return [];
  return (await syncWire(wire, ctx)) ?? wire.segments();
};

/** Markdown inline code, supplied by whoever renders the words (harness/reference/markdown.ts). */
export type Code = (text: string) => string;

/** One harness op; `S` is the step it takes, inferred from its shape. */
export interface HarnessOp<N extends string = string, S = unknown> {
  name: N;
  shape: Schema<S>;
  needs: Needs;
  /** What one step needs, when that depends on its fields (an await of a reply needs no capture); absent: `needs`. */
  needsOf?(step: S): Needs;
  /** Runs the step; requirements were checked before the case started. */
  run(step: S, ctx: OpContext): Promise<OpOutcome>;
  /** The step in words, from its recorded request (which may come from an older results.json: untyped). */
  words(request: Record<string, unknown>, code: Code): string;
}

/** A harness step's shape: `role: 'harness'`, its op, its own fields, and an optional label. */
export const opShape = <const N extends string, R extends Record<string, Schema<unknown>>, O extends Record<string, Schema<unknown>> = {}>(
  name: N, required: R, optional: O = {} as O,
) => shape({ role: oneOf('harness'), op: oneOf(name), ...required }, { label: str, ...optional }) as Schema<ShapeOf<{ role: Schema<'harness'>; op: Schema<N> } & R, { label: Schema<string> } & O>>;

/** Declares an op, its step type inferred from its shape. */
export const defineOp = <N extends string, S>(op: HarnessOp<N, S>): HarnessOp<N, S> => op;

/** "the server". */
export const the = (role: unknown): string => `the ${String(role)}`;
