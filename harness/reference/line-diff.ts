// A unified-style diff of two texts by lines, short enough for a CI log: what `doc --check` shows on drift.

/** One line of an edit script: kept, removed from the old text, or added by the new. */
type Edit = { kind: ' ' | '-' | '+'; line: string; oldAt: number; newAt: number };

// Past this many cells the full LCS table costs too much; such texts are only summarized.
const MAX_CELLS = 25_000_000;

const editScript = (a: string[], b: string[]): Edit[] => {
  // Common head and tail are kept as they are; the LCS runs on the middle only.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const w = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const edits: Edit[] = a.slice(0, head).map((line, k) => ({ kind: ' ', line, oldAt: k, newAt: k }));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) { edits.push({ kind: ' ', line: x[i]!, oldAt: head + i, newAt: head + j }); i++; j++; }
    // Removals before additions, as unified diffs show a changed line.
    else if (i < x.length && (j === y.length || lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) { edits.push({ kind: '-', line: x[i]!, oldAt: head + i, newAt: head + j }); i++; }
    else { edits.push({ kind: '+', line: y[j]!, oldAt: head + i, newAt: head + j }); j++; }
  }
  for (let k = 0; k < tail; k++) edits.push({ kind: ' ', line: a[a.length - tail + k]!, oldAt: a.length - tail + k, newAt: b.length - tail + k });
  return edits;
};

/** Lines added and removed, and the diff itself: hunks with `context` lines around each change, cut after `maxLines`. */
export const lineDiff = (before: string, after: string, options: { context?: number; maxLines?: number; names?: [string, string] } = {}): { added: number; removed: number; text: string } => {
  const { context = 2, maxLines = 80, names = ['on disk', 'generated'] } = options;
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > MAX_CELLS) {
    return { added: b.length, removed: a.length, text: `--- ${names[0]}\n+++ ${names[1]}\n(too different to diff: ${a.length} lines against ${b.length})\n` };
  }
  const edits = editScript(a, b);
  const changed = edits.map((e, k) => (e.kind === ' ' ? -1 : k)).filter((k) => k !== -1);
  const shown = new Set<number>();
  for (const k of changed) for (let c = k - context; c <= k + context; c++) if (c >= 0 && c < edits.length) shown.add(c);
  const out = [`--- ${names[0]}`, `+++ ${names[1]}`];
  let previous = -2;
  for (const k of [...shown].sort((p, q) => p - q)) {
    if (k !== previous + 1) out.push(`@@ -${edits[k]!.oldAt + 1} +${edits[k]!.newAt + 1} @@`);
    out.push(`${edits[k]!.kind}${edits[k]!.line}`);
    previous = k;
  }
  const cut = out.length > maxLines ? [...out.slice(0, maxLines), `... (${out.length - maxLines} more diff lines)`] : out;
  return {
    added: edits.filter((e) => e.kind === '+').length,
    removed: edits.filter((e) => e.kind === '-').length,
    text: `${cut.join('\n')}\n`,
  };
};
