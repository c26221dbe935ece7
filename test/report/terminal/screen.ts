// A tiny terminal for tests: applies text, `\r` and `\n` the way a terminal does, so a test reads what a person would see.

/** What is left on screen, and every escape sequence met on the way. */
export interface Screen {
  lines: string[];
  escapes: string[];
}

/**
 * Replays `text`: characters overwrite from the cursor, `\r` goes to column 0, `\n` to the next
 * line. SGR colour sequences are dropped from the picture and listed; any other escape (cursor
 * movement, erase) is listed too, so a test can insist there is none.
 */
export const replay = (text: string): Screen => {
  const lines: string[][] = [[]];
  const escapes: string[] = [];
  let row = 0;
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\u001b') {
      const m = /^\u001b\[[0-9;]*[A-Za-z]/.exec(text.slice(i));
      const seq = m?.[0] ?? c;
      escapes.push(seq);
      i += seq.length - 1;
    } else if (c === '\r') col = 0;
    else if (c === '\n') {
      row += 1;
      col = 0;
      lines[row] ??= [];
    } else {
      const line = lines[row]!;
      while (line.length < col) line.push(' ');
      line[col] = c;
      col += 1;
    }
  }
  return { lines: lines.map((l) => l.join('').trimEnd()), escapes };
};
