// Markdown building blocks that render as written: prose, code spans, table cells, heading anchors.

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

const escapeText = (text: string): string =>
  text.replace(/[\\*<~]|_+/g, (match, at: number) => {
    if (!match.startsWith('_')) return `\\${match}`;
    // A run of underscores inside a word (SO_LINGER, uv__tcp_bind) cannot start emphasis: left bare.
    return isWordChar(text[at - 1]) && isWordChar(text[at + match.length]) ? match : match.replace(/_/g, '\\_');
  });

/**
 * Free text (reasons, sources, descriptions) as Markdown that shows it verbatim: one line, with
 * the characters that would start emphasis, strikethrough, HTML or an escape backslashed.
 * Backtick spans are kept as they are: the text's own `code` is meant as code, and inside it a
 * backslash would show.
 */
export const prose = (text: string): string =>
  text.replace(/\s*[\r\n]+\s*/g, ' ')
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeText(part)))
    .join('');

/** An inline code span holding `text` exactly, whatever backticks it contains. */
export const code = (text: string): string => {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const runs = flat.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
};

/** Markdown (already escaped) made safe inside a table cell: a pipe would end the cell. */
export const cell = (markdown: string): string => markdown.replace(/\|/g, '\\|');

/** A table: header cells, then rows (cells already Markdown). */
export const table = (header: string[], rows: string[][]): string => [
  `| ${header.map(cell).join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
].join('\n');

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export const anchor = (heading: string): string =>
  heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');

