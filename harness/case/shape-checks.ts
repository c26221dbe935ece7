// A tiny typed schema: each check adds problems that name the key, what was wanted and what was found, and carries the type it admits.
import { closeMatches, didYouMean } from './close-matches.ts';

/** One problem with a case file: the key path, what was wanted, what was found. */
export interface CaseProblem {
  key: string;
  message: string;
}

/** Checks `value` found at `key`, adding a problem per thing wrong with it (never throws). */
export type Check = (value: unknown, key: string, out: CaseProblem[]) => void;

declare const ADMITS: unique symbol;
/** A check that admits values of type T: the type is written once, as the check, and read back with Infer. */
export type Schema<T> = Check & { readonly [ADMITS]?: T };
/** The type a schema admits (zod's `z.infer`). */
export type Infer<S> = S extends { readonly [ADMITS]?: infer T } ? T : never;
// Flattens an intersection into one object type, so hovers and errors show plain fields.
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** A hand-written check, declared to admit T: for the few shapes the combinators below do not cover. */
export const custom = <T>(check: Check): Schema<T> => check;

const stringify = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // a BigInt or a cycle: shown with String() instead, never thrown
  }
};

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  const shown = stringify(value);
  const text = shown === undefined ? String(value) : shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  return `\`${text}\` (${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value})`;
};

/** Adds "Expected `key` to be <wanted>, got <value> (<type>)". */
export const want = (out: CaseProblem[], key: string, wanted: string, value: unknown): void => {
  out.push({ key, message: `Expected \`${key}\` to be ${wanted}, got ${describe(value)}` });
};

/** The key path of a field: `steps[0]` + `op` → `steps[0].op`. */
export const join = (k: string, key: string): string => (k === '' ? key : `${k}.${key}`);

/** A plain object (not an array, not null): what a shape may look into. */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// The primitives, each with the words its problem uses.
/** A non-empty string (names, reasons, sources). */
export const str = custom<string>((v, k, out) => { if (typeof v !== 'string' || v.trim() === '') want(out, k, 'a non-empty string', v); });
/** Any string, the empty one included (a payload). */
export const text = custom<string>((v, k, out) => { if (typeof v !== 'string') want(out, k, 'a string', v); });
/** true or false. */
export const bool = custom<boolean>((v, k, out) => { if (typeof v !== 'boolean') want(out, k, 'a boolean', v); });
/** Any integer, negative too (an offset, a counter delta). */
export const integer = custom<number>((v, k, out) => { if (!Number.isInteger(v)) want(out, k, 'an integer', v); });
/** An integer above zero (timeouts, byte counts). */
export const posInt = custom<number>((v, k, out) => { if (!Number.isInteger(v) || (v as number) <= 0) want(out, k, 'a positive integer', v); });
/** Zero or above (sequence numbers, counts). */
export const nonNegInt = custom<number>((v, k, out) => { if (!Number.isInteger(v) || (v as number) < 0) want(out, k, 'a non-negative integer', v); });
/** A non-empty string, or null (an error with no errno). */
export const strOrNull = custom<string | null>((v, k, out) => { if (v !== null) str(v, k, out); });

/** One of a closed set of values; a misspelt name ("lisen") is told the name it was likely meant to be. */
export const oneOf = <const T extends readonly unknown[]>(...allowed: T): Schema<T[number]> => (v, k, out) => {
  if (allowed.includes(v)) return;
  want(out, k, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v);
  const names = allowed.filter((a): a is string => typeof a === 'string');
  if (typeof v === 'string') out.at(-1)!.message += didYouMean(closeMatches(v, names));
};

/** An array of one kind of item, each checked at `key[i]`; `nonEmpty` refuses `[]`. */
export const listOf = <T>(item: Schema<T>, nonEmpty = false): Schema<T[]> => (v, k, out) => {
  if (!Array.isArray(v) || (nonEmpty && v.length === 0)) return want(out, k, nonEmpty ? 'a non-empty array' : 'an array', v);
  v.forEach((x, i) => item(x, `${k}[${i}]`, out));
};

/** An object of any keys whose values are all one kind (a step label → an expectation). */
export const recordOf = <T>(item: Schema<T>): Schema<Record<string, T>> => (v, k, out) => {
  if (!isObject(v)) return want(out, k, 'an object', v);
  for (const [key, x] of Object.entries(v)) item(x, join(k, key), out);
};

type Fields = Record<string, Schema<unknown>>;
/** The object type of required and optional fields (field comments carry over to the type). */
export type ShapeOf<R extends Fields, O extends Fields> = Flat<{ [K in keyof R]: Infer<R[K]> } & { [K in keyof O]?: Infer<O[K]> }>;

/** An object with a closed set of keys: unknown keys and missing required keys are problems. */
export const shape = <R extends Fields, O extends Fields = {}>(required: R, optional: O = {} as O): Schema<ShapeOf<R, O>> => (v, k, out) => {
  if (!isObject(v)) return want(out, k || 'the default export', 'an object', v);
  for (const key of Object.keys(v)) {
    // hasOwn, not `in`: `constructor` or `toString` would otherwise pass as known keys.
    if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) {
      const known = [...Object.keys(required), ...Object.keys(optional)];
      out.push({ key: join(k, key), message: `Unknown key \`${join(k, key)}\`; known keys: ${known.join(', ')}${didYouMean(closeMatches(key, known))}` });
    }
  }
  for (const [key, check] of Object.entries(required)) {
    if (v[key] === undefined) want(out, join(k, key), 'present', undefined);
    else check(v[key], join(k, key), out);
  }
  for (const [key, check] of Object.entries(optional)) if (v[key] !== undefined) check(v[key], join(k, key), out);
};

/**
 * One of several shapes, told apart by the string at `tag` (a wire rule's `rule`, a harness
 * step's `op`); any other value there is one problem, worded by `wanted`, with the likely tag.
 */
export const tagged = <M extends Record<string, Schema<unknown>>>(tag: string, shapes: M, wanted: string): Schema<Infer<M[keyof M]>> => (v, k, out) => {
  const at = isObject(v) ? v[tag] : undefined;
  const check = typeof at === 'string' && Object.hasOwn(shapes, at) ? shapes[at] : undefined;
  if (check === undefined) {
    want(out, join(k, tag), wanted, at);
    if (typeof at === 'string') out.at(-1)!.message += didYouMean(closeMatches(at, Object.keys(shapes)));
    return;
  }
  check(v, k, out);
};

/** Exactly one of the keys, each with its own check: `{ connection: 'absent' }` or `{ clientState }`... */
export const exactlyOne = <M extends Fields>(fields: M, wanted: string): Schema<{ [K in keyof M]: { [P in K]: Infer<M[P]> } }[keyof M]> => (v, k, out) => {
  if (!isObject(v) || Object.keys(v).length !== 1) return want(out, k, wanted, v);
  shape({}, fields)(v, k, out);
};

/** `a` when `pick` says so, else `b`: a union whose sides are told apart by something other than one tag. */
export const either = <A, B>(pick: (v: unknown) => boolean, a: Schema<A>, b: Schema<B>): Schema<A | B> => (v, k, out) =>
  (pick(v) ? a : b)(v, k, out);
