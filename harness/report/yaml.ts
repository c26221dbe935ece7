// A tiny YAML emitter for plain data: TAP diagnostics must read back exactly under any YAML parser.

/** Characters YAML may not carry raw (outside c-printable, or line breaks in YAML 1.1), and DEL. */
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\p{Surrogate}/u;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, 'gu');

/** Words some YAML schema reads as a boolean or null rather than a string. */
const KEYWORDS = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null', '~']);

/** A plain scalar is only used when no YAML schema can read it as anything but this string. */
const plainSafe = (s: string): boolean =>
  (/^\p{L}/u.test(s) || /^[\d.]+ \p{L}/u.test(s)) &&
  !/[\t\r\n]|: |:$| #|\s$/.test(s) &&
  !UNPRINTABLE.test(s) &&
  !KEYWORDS.has(s.toLowerCase());

const escapeUnprintable = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON string syntax is a subset of YAML double-quoted syntax once the unprintables are escaped. */
const quoted = (s: string): string => JSON.stringify(s).replace(UNPRINTABLE_ALL, escapeUnprintable);

/** Multi-line text reads best as a literal block, when the block can hold it exactly. */
const blockSafe = (s: string): boolean =>
  s.includes('\n') && !s.includes('\r') && !UNPRINTABLE.test(s) && !/^[ \t\n]/.test(s) && !s.endsWith('\n\n');

const scalar = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'bigint') return String(value);
  const s = value instanceof Date ? value.toISOString() : String(value);
  return plainSafe(s) ? s : quoted(s);
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Lines for `value` placed after `head` ("key:" or "-"), nested at `indent`. */
const node = (head: string, value: unknown, indent: string, seen: Set<object>): string[] => {
  if (typeof value === 'string' && blockSafe(value)) {
    const chomp = value.endsWith('\n') ? '' : '-';
    const body = (chomp ? value : value.slice(0, -1)).split('\n');
    return [`${head} |${chomp}`, ...body.map((line) => `${indent}  ${line}`)];
  }
  if (Array.isArray(value) || isRecord(value)) {
    if (seen.has(value)) return [`${head} "[Circular]"`];
    const inner = lines(value, `${indent}  `, seen);
    if (inner.length === 0) return [`${head} ${Array.isArray(value) ? '[]' : '{}'}`];
    if (head.endsWith('-')) {
      const first = inner[0] ?? '';
      return [`${head} ${first.slice(indent.length + 2)}`, ...inner.slice(1)];
    }
    return [head, ...inner];
  }
  return [`${head} ${scalar(value)}`];
};

const lines = (value: unknown[] | Record<string, unknown>, indent: string, seen: Set<object>): string[] => {
  seen.add(value);
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) out.push(...node(`${indent}-`, item, indent, seen));
  } else {
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const k = plainSafe(key) ? key : quoted(key);
      out.push(...node(`${indent}${k}:`, item, indent, seen));
    }
  }
  seen.delete(value);
  return out;
};

/** YAML text for plain data, every line prefixed with `indent`, ending in a newline. */
export const toYaml = (value: unknown, indent = ''): string => {
  if (Array.isArray(value) || isRecord(value)) {
    const out = lines(value, indent, new Set());
    if (out.length > 0) return `${out.join('\n')}\n`;
    return `${indent}${Array.isArray(value) ? '[]' : '{}'}\n`;
  }
  return `${node('', value, indent, new Set()).join('\n').replace(/^ /, indent)}\n`;
};
