// The building blocks of closed-format validation: each check adds problems that name the key, what was wanted and what was found.
import { closeMatches, didYouMean } from './close-matches.ts';

/** One problem with a case file: the key path, what was wanted, what was found. */
export interface CaseProblem {
  key: string;
  message: string;
}

export type Check = (value: unknown, key: string, out: CaseProblem[]) => void;

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

export const want = (out: CaseProblem[], key: string, wanted: string, value: unknown): void => {
  out.push({ key, message: `Expected \`${key}\` to be ${wanted}, got ${describe(value)}` });
};

export const join = (k: string, key: string): string => (k === '' ? key : `${k}.${key}`);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const str: Check = (v, k, out) => { if (typeof v !== 'string' || v.trim() === '') want(out, k, 'a non-empty string', v); };
export const bool: Check = (v, k, out) => { if (typeof v !== 'boolean') want(out, k, 'a boolean', v); };
export const posInt: Check = (v, k, out) => { if (!Number.isInteger(v) || (v as number) <= 0) want(out, k, 'a positive integer', v); };
export const nonNegInt: Check = (v, k, out) => { if (!Number.isInteger(v) || (v as number) < 0) want(out, k, 'a non-negative integer', v); };
export const oneOf = (...allowed: readonly unknown[]): Check => (v, k, out) => {
  if (allowed.includes(v)) return;
  want(out, k, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v);
  // A misspelt name ("lisen") is told the name it was likely meant to be.
  const names = allowed.filter((a): a is string => typeof a === 'string');
  if (typeof v === 'string') out.at(-1)!.message += didYouMean(closeMatches(v, names));
};
export const listOf = (item: Check, nonEmpty = false): Check => (v, k, out) => {
  if (!Array.isArray(v) || (nonEmpty && v.length === 0)) return want(out, k, nonEmpty ? 'a non-empty array' : 'an array', v);
  v.forEach((x, i) => item(x, `${k}[${i}]`, out));
};
export const strOrNull: Check = (v, k, out) => { if (v !== null) str(v, k, out); };
/** An object with a closed set of keys: unknown keys and missing required keys are problems. */
export const shape = (required: Record<string, Check>, optional: Record<string, Check> = {}): Check => (v, k, out) => {
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
export const recordOf = (item: Check): Check => (v, k, out) => {
  if (!isObject(v)) return want(out, k, 'an object', v);
  for (const [key, x] of Object.entries(v)) item(x, join(k, key), out);
};

