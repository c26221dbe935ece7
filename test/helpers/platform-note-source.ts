// What a platform note for an OS not run here must carry: unverified, and a source a reader can open.

/** The parts of a divergence this check reads. */
export type NoteLike = { platform?: string | undefined; verified: boolean; source: string };

/** The platforms nothing here runs: their notes come from sources, never from a run. */
export const ELSEWHERE: ReadonlySet<string> = new Set(['darwin', 'freebsd', 'win32']);

/** Sources a reader can open, each by what names it exactly. */
const OPENABLE: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  // owner/repo, a path in it, then the function (or symbol) read there
  { kind: 'a file and function in a repository', pattern: /\b[\w.-]+\/[\w.-]+ (?:[\w.-]+\/)+[\w.-]+\.(?:c|h|go|rs|js|mjs|ts|py|java|cc|cpp) [A-Za-z_][\w:.]*/ },
  { kind: 'a man page', pattern: /\b[a-z][\w.-]*\([1-9]\)/ },
  { kind: 'a vendor document', pattern: /\bMicrosoft (?:Learn|Support)\b/ },
];

/** Which kinds of openable source a note's source names. */
export const openableKinds = (source: string): string[] =>
  OPENABLE.filter((o) => o.pattern.test(source)).map((o) => o.kind);

/** What is wrong with one note (nothing for a Linux or platform-less divergence): errors as data. */
export const platformNoteProblems = (note: NoteLike): string[] => {
  if (note.platform === undefined || !ELSEWHERE.has(note.platform)) return [];
  const problems: string[] = [];
  if (note.verified) problems.push(`verified: true, but no ${note.platform} run happens here`);
  if (openableKinds(note.source).length === 0) {
    problems.push(`the source names nothing a reader can open (${OPENABLE.map((o) => o.kind).join(', ')}): ${note.source}`);
  }
  return problems;
};
