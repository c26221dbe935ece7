// One line at the foot of a terminal, redrawn in place; permanent lines go above it, never through it.

/** The live line of a terminal reporter. */
export interface StatusLine {
  /** Replaces the line's text; `paint` colours it after it is cut to the terminal's width. */
  show(text: string, paint?: (cut: string) => string): void;
  /** Writes whole lines above the live line (which is taken away first and drawn again after). */
  print(lines: string): void;
  /** Takes the live line away for good: the terminal is left as if it never was. */
  clear(): void;
}

const width = (s: string): number => [...s].length;

/**
 * Redraws with a carriage return and spaces over what was there, not an erase-line escape, so a
 * terminal without colour (NO_COLOR, a dumb terminal) gets no escape sequence at all. The text is
 * cut one column short of the width, because a full last column wraps on some terminals and a
 * wrapped line can no longer be taken back with `\r`.
 */
export const statusLine = (out: NodeJS.WritableStream, columns: () => number): StatusLine => {
  let text = '';
  let paint = (cut: string): string => cut;
  let shown = 0;
  const erase = (): string => (shown > 0 ? `\r${' '.repeat(shown)}\r` : '');
  const draw = (): string => {
    if (text === '') return '';
    const room = Math.max(10, (columns() || 80) - 1);
    const cut = width(text) > room ? `${[...text].slice(0, room - 1).join('')}…` : text;
    const wide = width(cut);
    const cover = ' '.repeat(Math.max(0, shown - wide));
    shown = wide;
    return `\r${paint(cut)}${cover}`;
  };
  return {
    show(next, nextPaint = (cut) => cut) {
      text = next.replace(/[\r\n]+/g, ' ');
      paint = nextPaint;
      // One write per redraw: a reader of the stream sees whole frames.
      out.write(draw());
    },
    print(lines) {
      const before = erase();
      shown = 0;
      out.write(`${before}${lines}${draw()}`);
    },
    clear() {
      out.write(erase());
      shown = 0;
      text = '';
    },
  };
};
