// A tiny YAML emitter for plain data: TAP diagnostics must read back exactly under any YAML parser.

/** Characters YAML may not carry raw (outside c-printable, or line breaks in YAML 1.1), and DEL. */
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\p{Surrogate}/u;

/** Words some YAML schema reads as a boolean or null rather than a string. */
const KEYWORDS = new Set(['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null', '~']);

/** A plain scalar is only used when no YAML schema can read it as anything but this string. */
const plainSafe = (s: string): boolean =>
  (/^\p{L}/u.test(s) || /^[\d.]+ \p{L}/u.test(s)) &&
  !/[\t\r\n]|: |:$| #|\s$/.test(s) &&
  !UNPRINTABLE.test(s) &&
  !KEYWORDS.has(s.toLowerCase());

/** The escapes every reader knows by letter. */
const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** `\xHH` below 256, since Test::Harness's YAMLish reader (TAP::Parser::YAMLish::Reader, `_read_qq`) knows `\x` but not `\u`. */
const escapeCode = (c: string): string => {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** What a double-quoted string escapes: its own syntax, line breaks, tabs, and the unprintables. */
const TO_ESCAPE = new RegExp(`${/["\\\n\t\r]/.source}|${UNPRINTABLE.source}`, 'gu');

/** A YAML double-quoted string using only the escapes YAML 1.1, 1.2 and Test::Harness's YAMLish reader all read. */
const quoted = (s: string): string => `"${s.replace(TO_ESCAPE, (c) => SHORT_ESCAPES[c] ?? escapeCode(c))}"`;

/**
 * Multi-line text reads best as a literal block, when the block can hold it exactly: only the plain `|`
 * (one final line break), since Test::Harness before 3.50 (Debian 12 ships 3.44) reads no chomping indicator.
 */
const blockSafe = (s: string): boolean =>
  /\n[^]*\n$/.test(s) && !s.includes('\r') && !UNPRINTABLE.test(s) && !/^[ \t\n]/.test(s) && !s.endsWith('\n\n');

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
    return [`${head} |`, ...value.slice(0, -1).split('\n').map((line) => `${indent}  ${line}`)];
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
      // A plain key has no space: Test::Harness's YAMLish reader takes a key to be `\S+` (TAP::Parser::YAMLish::Reader, $HASH_LINE).
      const k = plainSafe(key) && !/\s/.test(key) ? key : quoted(key);
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
