// The control-channel messages of harness/protocol/PROTOCOL.md, as types; the requests derived from op-spec.ts.
import type { Op, OP_SPEC } from './op-spec.ts';

/** The first line every agent writes. */
export interface Hello {
  hello: 'sockspec-agent';
  protocol: 1;
  runtime: string;
  version: string;
  pid: number;
  features?: string[];
}

/** The ops an agent must understand (PROTOCOL.md, "Requests"), from the spec (op-spec.ts). */
export { OPS } from './op-spec.ts';
export type { Op } from './op-spec.ts';

type Spec = typeof OP_SPEC;
type FieldsOf<O extends Op> = Spec[O]['fields'];

/** The JSON type of one field as the spec types it. */
type ValueOf<F> = F extends { type: 'int' } ? number
  : F extends { type: 'bool' } ? boolean
  : F extends { type: 'enum'; values: readonly (infer V)[] } ? V
  : F extends { type: 'optionValue' } ? number | boolean
  : string;

type Keys<F> = Extract<keyof F, string>;
type RequiredKeys<F> = { [K in Keys<F>]: F[K] extends { required: true } ? K : never }[Keys<F>];
type PresentKeys<F> = { [K in Keys<F>]: F[K] extends { required: true } | { default: unknown } ? K : never }[Keys<F>];
type Flatten<T> = { [K in keyof T]: T[K] };

type Plain<F> = { [K in RequiredKeys<F>]: ValueOf<F[K]> } & { [K in Exclude<Keys<F>, RequiredKeys<F>>]?: ValueOf<F[K]> };
/** One of the keys K present and the others absent (send: `data` or `bytes`). */
type OneOf<F, K extends Keys<F>> = { [P in K]: { [Q in P]: ValueOf<F[Q]> } & { [Q in Exclude<K, P>]?: undefined } }[K];
type ExactlyOne<O extends Op> = Spec[O] extends { exactlyOne: readonly (infer X)[] } ? Extract<X, Keys<FieldsOf<O>>> : never;
type OpFields<O extends Op> = [ExactlyOne<O>] extends [never] ? Flatten<Plain<FieldsOf<O>>>
  : Flatten<Omit<Plain<FieldsOf<O>>, ExactlyOne<O>>> & OneOf<FieldsOf<O>, ExactlyOne<O>>;

/** The request for one op, typed by its spec. */
export type OpRequest<O extends Op> = { id: number; op: O } & OpFields<O>;

/** A request: a discriminated union over `op`, each member typed by the op's spec. */
export type Request = { [O in Op]: OpRequest<O> }[Op];

/**
 * A request as the harness builds it from a case step, before an agent checks it against the
 * spec: the case format, not the compiler, decides its fields.
 */
export interface RequestDraft {
  op: Op;
  [field: string]: string | number | boolean;
}

/** What an agent's op receives once check-request.ts passed it: every defaulted field filled in. */
export type CheckedRequest<O extends Op> = OpFields<O> & { [K in PresentKeys<FieldsOf<O>>]-?: ValueOf<FieldsOf<O>[K]> };

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
