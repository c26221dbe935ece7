// Reads README.md's "Write your own case" section as data: its commands, its files and its negative-control line.

/** One fenced code block: its language and its text. */
export interface Block {
  lang: string;
  text: string;
}

/** What the section asks a reader to do, in its order. */
export interface OwnCaseSection {
  /** Each `sh` block's commands, one per line. */
  commands: string[][];
  /** Files named by a first line `// <path>`: path → the block's whole text. */
  files: Map<string, { lang: string; text: string }>;
  /** A `ts` block naming no file: the one step to put in the case to see it fail. */
  failingStep: string | null;
}

/** The text of `## <title>` up to the next `## `. */
export const sectionOf = (readme: string, title: string): string => {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
};

/** Every fenced block of `text`, in order. */
export const blocksOf = (text: string): Block[] =>
  [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));

/** The section's commands, files and failing step. */
export const readOwnCaseSection = (readme: string): OwnCaseSection => {
  const blocks = blocksOf(sectionOf(readme, 'Write your own case'));
  const files = new Map<string, { lang: string; text: string }>();
  let failingStep: string | null = null;
  const commands: string[][] = [];
  for (const b of blocks) {
    if (b.lang === 'sh') commands.push(b.text.split('\n').map((l) => l.trim()).filter((l) => l !== ''));
    const named = /^\/\/ (\S+)\n/.exec(b.text);
    if (named !== null) files.set(named[1]!, { lang: b.lang, text: b.text });
    else if (b.lang === 'ts') failingStep = b.text.trimEnd();
  }
  return { commands, files, failingStep };
};
