// Reasons and sources often name a web page: shown as text with the http(s) addresses as links.
import { escapeHtml } from './escape-html.ts';

/** Ends at whitespace, quotes or angle brackets; trailing punctuation stays text. */
const URL = /https?:\/\/[^\s"'<>`]+[^\s"'<>`.,;:!?)\]]/g;

/** Escaped text in which every http(s) address is a link that opens in a new tab. */
export const linkedText = (text: string): string => {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(URL)) {
    const at = match.index ?? 0;
    out += escapeHtml(text.slice(from, at));
    out += `<a href="${escapeHtml(match[0])}" rel="noreferrer noopener" target="_blank">${escapeHtml(match[0])}</a>`;
    from = at + match[0].length;
  }
  return out + escapeHtml(text.slice(from));
};
