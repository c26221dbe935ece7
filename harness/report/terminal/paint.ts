// SGR colour for terminal text, or none at all: a reporter paints through this and never writes escapes itself.

/** Wraps text in an SGR sequence when colour is on; the same text, untouched, when it is off. */
export type Paint = (code: string, text: string) => string;

/** A painter obeying the caller's colour decision. */
export const painter = (color: boolean): Paint => (code, text) => (color && text !== '' ? `\u001b[${code}m${text}\u001b[0m` : text);

/**
 * Case data may hold escape sequences (an agent's stderr, a case name): shown as `\u001b` text,
 * never sent to the terminal raw, so nothing but the reporter moves the cursor or sets colours.
 */
export const safeText = (text: string): string =>
  text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Text on one line: line breaks and the whitespace around them become one space. */
export const oneLine = (text: string): string => safeText(text.replace(/\s*\r?\n\s*/g, ' '));
