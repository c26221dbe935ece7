// "Did you mean": the known names within a few typos of what was written.

/** Edits (insert, delete, substitute, swap two neighbours) from a to b. */
export const editDistance = (a: string, b: string): number => {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
};

/**
 * Up to three of `known`, closest first, that `written` is a likely typo of: at most a third of its
 * length in edits (at least one). `aliases` gives other spellings of a known name (a case's file
 * name without its group) that count as that name.
 */
export const closeMatches = (written: string, known: readonly string[], aliases: (name: string) => string[] = () => []): string[] => {
  const limit = Math.max(1, Math.floor(written.length / 3));
  const w = written.toLowerCase();
  return known
    .map((name) => ({ name, distance: Math.min(...[name, ...aliases(name)].map((n) => editDistance(w, n.toLowerCase()))) }))
    .filter((m) => m.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((m) => m.name);
};

/** ". Did you mean `a`, `b` or `c`?", or nothing when nothing is close: the end of a message. */
export const didYouMean = (matches: string[]): string => {
  const quoted = matches.map((m) => `\`${m}\``);
  if (quoted.length === 0) return '';
  return `. Did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`}?`;
};
