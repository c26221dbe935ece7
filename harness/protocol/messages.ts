// The control-channel messages of harness/protocol/PROTOCOL.md, as types.

/** The first line every agent writes. */
export interface Hello {
  hello: 'sockspec-agent';
  protocol: 1;
  runtime: string;
  version: string;
  pid: number;
  features?: string[];
}

/** The ops an agent must understand (PROTOCOL.md, "Requests"). */
export const OPS = [
  'listen', 'reserve', 'connect', 'accept', 'send', 'recv', 'recvAll',
  'shutdown', 'close', 'abort', 'setopt', 'state', 'info',
] as const;
export type Op = (typeof OPS)[number];

/** A request: flat, scalar-valued fields beside `id` and `op`. */
export interface Request {
  id: number;
  op: Op;
  [field: string]: string | number | boolean;
}

/** Wall-clock start (ms since the epoch) and duration of one socket call. */
export interface Timing {
  start: number;
  ms: number;
}

/** An error returned by the system under test: data, not an exception. */
export interface SocketError {
  errno: string | null;
  name: string;
  synthesized: boolean;
  syscall: string | null;
  message: string;
  timeout?: boolean;
}

export interface OkReply {
  id: number;
  ok: true;
  value: Record<string, unknown>;
  t: Timing;
}

export interface ErrorReply {
  id: number;
  ok: false;
  error: SocketError;
  t: Timing;
}

export interface UnsupportedReply {
  id: number;
  ok: false;
  unsupported: string;
  t?: Timing;
}

export interface FaultReply {
  id: number | null;
  fault: string;
}

export type Reply = OkReply | ErrorReply | UnsupportedReply | FaultReply;
