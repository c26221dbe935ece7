// GitHub Actions workflow commands (`::error file=...,title=...::message`), escaped the way the runner unescapes them.

/**
 * The message: `%` first (so the escapes themselves survive), then line breaks. Other control
 * characters, and the Unicode line and paragraph separators, are shown as `\uXXXX` text: an
 * agent's stderr must not colour a CI log or split a command line for some reader.
 */
export const escapeData = (s: string): string =>
  s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A property value: as the message, and `:` and `,` too, which would end the value early. */
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One command line: `::error file=a.ts,title=x::message`, properties without a value left out. */
export const workflowCommand = (command: string, props: Record<string, string | undefined>, message: string): string => {
  const given = Object.entries(props).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  const list = given.map(([k, v]) => `${k}=${escapeProperty(v)}`).join(',');
  return `::${command}${list ? ` ${list}` : ''}::${escapeData(message)}\n`;
};
