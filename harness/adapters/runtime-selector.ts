// Reads a runtime selector: "node", "node@22" (a version found here), "node@/opt/node22/bin/node" (that executable), "node@*" (every version found).

/** What one `--runtime` or `--pair` entry asks for. */
export interface RuntimeSelector {
  /** The selector as written, e.g. "node@22". */
  text: string;
  /** The runtime folder's name. */
  name: string;
  /** null: the runtime's default; 'all': every version found; a path; or a version prefix. */
  want: null | { all: true } | { path: string } | { version: string };
}

const NAME = /^[a-z][\w.-]*$/i;

/** Parses one selector, or returns what is wrong with it. */
export const parseSelector = (text: string): RuntimeSelector | { problem: string } => {
  const at = text.indexOf('@');
  const name = at === -1 ? text : text.slice(0, at);
  if (!NAME.test(name)) return { problem: `Expected a runtime name (letters, digits, . _ -) before any @, got \`${text}\`` };
  if (at === -1) return { text, name, want: null };
  const spec = text.slice(at + 1);
  if (spec === '*') return { text, name, want: { all: true } };
  if (spec.includes('/') || spec.includes('\\')) return { text, name, want: { path: spec } };
  if (/^v?\d+(\.\d+)*$/.test(spec)) return { text, name, want: { version: spec.replace(/^v/, '') } };
  return { problem: `Expected \`${text}\` to be NAME, NAME@VERSION (node@22), NAME@PATH (node@/opt/node22/bin/node) or NAME@* (every version found)` };
};

/** A version as columns show it: "v20.20.2" → "20.20.2", "Python 3.11.7" → "3.11.7"; else as given. */
export const plainVersion = (version: string): string => /\d+(\.\d+)+/.exec(version)?.[0] ?? version;

/** Whether a version matches a prefix by whole components: "22" matches 22.12.0, not 2.2 or 220. */
export const versionMatches = (version: string, prefix: string): boolean => {
  const v = plainVersion(version).split('.');
  return prefix.split('.').every((part, i) => v[i] === part);
};
