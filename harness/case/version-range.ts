// A divergence's runtime versions: `{ from, below }` of dotted version numbers, checked at load and matched to a run's runtime version.
import { custom, isObject, join, want, type CaseProblem } from './shape-checks.ts';

/** `from` (inclusive) and `below` (exclusive), at least one: `{ below: '24' }` is every version before 24.0.0. */
export interface VersionRange {
  from?: string;
  below?: string;
}

const NUMBER = /^\d+(\.\d+){0,2}$/;
const WANTED = "a version number such as '24', '22.5' or '22.5.1'";

/** A version's numbers (`v22.23.3` → [22, 23, 3], `17.0.2+8 (ours)` → [17, 0, 2]); null when it has none. */
export const versionNumbers = (version: string): number[] | null => {
  const found = /\d+(?:\.\d+)*/.exec(version);
  return found === null ? null : found[0].split('.').map(Number);
};

// Part by part, a missing part is 0: '24' is 24.0.0.
const compare = (a: number[], b: number[]): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

/** Whether a runtime of `version` is in the range; a version without numbers (unknown) is in no range. */
export const inVersionRange = (range: VersionRange, version: string): boolean => {
  const v = versionNumbers(version);
  if (v === null) return false;
  return (range.from === undefined || compare(v, versionNumbers(range.from)!) >= 0)
    && (range.below === undefined || compare(v, versionNumbers(range.below)!) < 0);
};

/** The range in words for reports: "22.5 to before 24", "before 24", "24 and later". */
export const describeVersionRange = (range: VersionRange): string =>
  range.from === undefined ? `before ${range.below}` : range.below === undefined ? `${range.from} and later` : `${range.from} to before ${range.below}`;

// A string such as '<24' or '>=22' is the likeliest slip: say which object it meant.
const suggestion = (v: unknown): string => {
  const m = typeof v === 'string' ? /^\s*(<|>=)\s*(\d+(?:\.\d+){0,2})\s*$/.exec(v) : null;
  if (m === null) return '';
  return `; did you mean { ${m[1] === '<' ? 'below' : 'from'}: '${m[2]}' }?`;
};

/** The `versions` key: an object of `from` and/or `below`, each a version number, `from` below `below`. */
export const versionRange = custom<VersionRange>((v, k, out: CaseProblem[]) => {
  if (!isObject(v) || Object.keys(v).length === 0) {
    want(out, k, "{ from?, below? } with at least one version number (e.g. { below: '24' })", v);
    out.at(-1)!.message += suggestion(v);
    return;
  }
  for (const key of Object.keys(v)) {
    if (key !== 'from' && key !== 'below') out.push({ key: join(k, key), message: `Unknown key \`${join(k, key)}\`; known keys: from, below` });
  }
  for (const key of ['from', 'below'] as const) {
    if (v[key] !== undefined && (typeof v[key] !== 'string' || !NUMBER.test(v[key] as string))) want(out, join(k, key), WANTED, v[key]);
  }
  const { from, below } = v;
  if (typeof from === 'string' && typeof below === 'string' && NUMBER.test(from) && NUMBER.test(below)
    && compare(versionNumbers(from)!, versionNumbers(below)!) >= 0) {
    out.push({ key: k, message: `Expected \`${k}.from\` (${from}) to be below \`${k}.below\` (${below}): the range holds no version` });
  }
});
