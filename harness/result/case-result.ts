// The one result shape: every case × runtime run produces a CaseResult, pass or not.
import type { CaseInfo } from './case-info.ts';
import type { SocketError, Timing } from '../protocol/messages.ts';
import type { TcpOption } from './tcp-option.ts';
import type { Family } from '../case/family.ts';

/** Case outcomes (the semantics verdict) and harness trouble, kept apart: a harness fault never reads as a failure of the system under test. */
export const OUTCOMES = ['pass', 'fail', 'skip', 'divergence', 'unexpected-pass'] as const;
export const TROUBLES = ['error', 'crash', 'timeout'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Trouble = (typeof TROUBLES)[number];
export type Status = Outcome | Trouble;

/** One TCP segment seen on the wire, decoded. */
export interface Segment {
  /** ms since the epoch (fractional), from the capture. */
  time: number;
  /** 'client' | 'server' when the harness knows the ports, else 'unknown'. */
  from: 'client' | 'server' | 'unknown';
  src: string; // "127.0.0.1:40000"
  dst: string;
  /** Flags in tcpdump order: e.g. ['SYN'], ['RST', 'ACK'], ['FIN', 'ACK'], ['PSH', 'ACK']. */
  flags: string[];
  seq: number;
  ack: number;
  /** seq/ack relative to each direction's ISN (tcpdump style), for reading. */
  relSeq: number;
  relAck: number;
  /** The window field as sent. */
  win: number;
  len: number;
  /** TCP options in header order. Results written before options were decoded have none of these four keys. */
  options?: TcpOption[];
  /**
   * The shift `win` is scaled by (RFC 7323 §2.2-2.3): the sender's SYN's wscale once both SYNs carried one, else 0;
   * a SYN's own window is never scaled. Absent when the capture holds neither SYN of the connection.
   */
  winScale?: number;
  /** The window in bytes, win << winScale; absent with winScale. */
  winBytes?: number;
  /** Sent by the harness's raw socket (the inject op) in the name of `from`, not by `from`'s program or kernel. */
  injected?: true;
}

/** What one step observed. */
export interface StepRecord {
  index: number;
  /** The label the case gave the step ("client reads the reset"), or "<role> <op>". */
  label: string;
  role: string;
  op: string;
  request: Record<string, unknown>;
  ok: boolean | null; // null when the step never got a reply (trouble) or was a harness step
  value?: Record<string, unknown>;
  error?: SocketError;
  unsupported?: string;
  t?: Timing;
  /** What the step was expected to observe, if it asserts anything (readable text). */
  wanted?: string;
  verdict?: 'ok' | 'mismatch' | 'unchecked';
  /** Sent in the background: the steps went on, and the step `awaitedAt` (its index) waited for this reply. */
  background?: { awaitedAt: number };
}

/** A failed assertion: what was wanted, what was found, and where. */
export interface Failure {
  /** "step 6 (client reads the reset)" or "wire" */
  at: string;
  wanted: string;
  found: string;
}

/** How an agent process ended. */
export interface AgentEnd {
  role: string;
  runtime: string;
  pid: number | null;
  /**
   * exited: left on stdin EOF; terminated: needed SIGTERM; killed: needed SIGKILL; crashed: died on
   * its own early; killed-by-step: SIGKILLed on purpose by a `kill` step (the case's stimulus).
   */
  how: 'exited' | 'terminated' | 'killed' | 'crashed' | 'never-started' | 'killed-by-step';
  exitCode: number | null;
  signal: string | null;
  stderrTail: string;
}

export interface CaptureRecord {
  status: 'captured' | 'skipped';
  reason?: string;
  segments: Segment[];
  /** Path of the kept pcap, relative to the report directory. */
  pcap?: string;
}

export interface CaseResult {
  /** Case id from its path: "close/unread-data-sends-rst". */
  id: string;
  /** Runtime column: "node", "c", or "node@pauseOnConnect" for a variant. */
  runtime: string;
  variant: string | null;
  /** The address family it ran over (--family); absent in results written before there was a choice, which ran over ipv4 (familyOf). */
  family?: Family;
  /** The net it ran on (--net: harness/net/nets/); absent: kernel (netOf). */
  net?: string;
  /** With --repeat N: which run of the job this is (1..N); absent otherwise. */
  repeat?: number;
  /** The test point name: "close/unread-data-sends-rst [node pauseOnConnect, ipv6]". */
  name: string;
  status: Status;
  /** False for fail, unexpected-pass and all trouble: what makes the exit code non-zero. */
  expected: boolean;
  /** skip reason, divergence reason, or the trouble's message. */
  reason?: string;
  /** For divergences: where the documented behaviour comes from. */
  source?: string;
  durationMs: number;
  /** Its agents were started ahead, while earlier cases ran: spawn to hello took this long (counted in durationMs). */
  agentsAheadMs?: number;
  runtimeVersion: string | null;
  steps: StepRecord[];
  failures: Failure[];
  agents: AgentEnd[];
  capture: CaptureRecord;
  /** Named facts a reader needs to see why it passed or failed: counter deltas, retransmission times. */
  evidence: Record<string, number | string | number[]>;
  /** Wire assertions: checked, or skipped with a reason (never silently passed). */
  wire: { status: 'checked' | 'skipped' | 'none'; reason?: string };
  /**
   * Merged reports only: the label of the run it came from (`platforms[].label`): its OS
   * ("linux", "darwin", "win32"), with the kernel release added only where two merged runs of one
   * OS ran the same case × runtime. Part of the test point's name: "... [node] (linux)".
   */
  platform?: string;
}

/** Where a run happened: recorded once per run, and as JUnit properties. */
export interface Platform {
  os: string; // process.platform
  release: string; // os.release()
  arch: string;
  node: string;
  isolation: 'netns' | 'none';
  capture: 'available' | 'unavailable';
  captureReason?: string;
}

export interface RunSummary {
  passed: number; // pass + divergence
  failed: number; // fail + unexpected-pass + trouble
  skipped: number;
  divergences: number;
  durationMs: number;
}

/** Merged reports only: one run that was merged in, with its platform facts (`sockspec merge`). */
export interface RunOrigin extends Platform {
  /** What its results' `platform` says: the OS, made unique when needed ("linux 6.8.0-1017-azure"). */
  label: string;
  /** The results file it was read from, as given to `sockspec merge`. */
  source: string;
  sockspec: string;
  startedAt: string;
  runtimes: RunReport['runtimes'];
  /** The runtime columns its results fill ("c", "node", "c:node"). */
  columns: string[];
  summary: RunSummary;
}

/** The whole of reports/results.json. */
export interface RunReport {
  sockspec: string; // version
  startedAt: string; // ISO time
  platform: Platform;
  /** One entry per column: `name` is the column ("node", or "node@22.12.0" beside other versions). */
  runtimes: { name: string; version: string | null; available: boolean; executable?: string; reason?: string }[];
  /** The address families the run asked for (--family); absent in reports written before there was a choice (ipv4 only). */
  families?: Family[];
  /** The nets the run asked for (--net); absent: kernel only. */
  nets?: string[];
  summary: RunSummary;
  results: CaseResult[];
  /** What each case that ran declares (description, references, kernel-layer steps and wire, divergences). */
  cases: CaseInfo[];
  /**
   * Case files that failed to load: reported, never dropped. In a merged report also the results
   * files that could not be read; `platform` lists the labels of the runs that reported it.
   */
  loadErrors: { file: string; message: string; platform?: string }[];
  /** Merged reports only: every run merged in, in the order given. */
  platforms?: RunOrigin[];
}
