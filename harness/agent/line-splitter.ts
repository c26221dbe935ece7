// Splits a byte stream into lines, bounding a line's length so a flooding agent cannot exhaust memory.

/** Feeds chunks in, calls `onLine` per complete line; an over-long line is reported once, cut. */
export class LineSplitter {
  private pending = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: (head: string) => void,
    private readonly maxLine = 1 << 20,
  ) {}

  push(chunk: Buffer | string): void {
    this.pending += chunk.toString();
    let nl = this.pending.indexOf('\n');
    while (nl >= 0) {
      const line = this.pending.slice(0, nl).replace(/\r$/, '');
      this.pending = this.pending.slice(nl + 1);
      this.onLine(line);
      nl = this.pending.indexOf('\n');
    }
    if (this.pending.length > this.maxLine) {
      this.onOverflow(this.pending.slice(0, 200));
      this.pending = '';
    }
  }
}
