// Text from results (names, messages, stderr tails) may hold any bytes: made safe for HTML text, attributes and SVG.

/**
 * Code points a page should not carry raw: C0 controls but tab and line breaks, DEL, C1 controls, lone
 * surrogates and noncharacters. They are shown as visible `\uXXXX` text, as junit.xml does.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|\p{Surrogate}/gu;

const visible = (s: string): string =>
  s.replace(INVISIBLE, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escaped for element text and quoted attribute values alike (HTML and inline SVG). */
export const escapeHtml = (value: unknown): string =>
  visible(String(value)).replace(/[&<>"']/g, (c) => ENTITY[c] ?? c);

/** An href for a path from the results: relative paths only, so a result can never carry a `javascript:` link. */
export const safeHref = (target: string): string | null =>
  /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//') ? null : escapeHtml(target.split('/').map(encodeURIComponent).join('/'));

