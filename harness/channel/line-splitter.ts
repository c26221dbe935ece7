// Splits a byte stream into lines, bounding a line's length so a flooding agent cannot exhaust memory.
import { StringDecoder } from 'node:string_decoder';

/** Feeds chunks in, calls `onLine` per complete line; an over-long line is reported once, cut. */
export class LineSplitter {
  private pending = '';
  // Holds the first bytes of a UTF-8 character split across chunks until the rest arrives.
  private readonly decoder = new StringDecoder('utf8');
  // After an over-long line is reported, the rest of it, up to its newline, is dropped.
  private dropping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: (head: string) => void,
    private readonly maxLine = 1 << 20,
  ) {}

  push(chunk: Buffer | string): void {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let nl = this.pending.indexOf('\n');
    while (nl >= 0) {
      const line = this.pending.slice(0, nl).replace(/\r$/, '');
      this.pending = this.pending.slice(nl + 1);
      if (this.dropping) this.dropping = false;
      else if (line.length > this.maxLine) this.onOverflow(line.slice(0, 200));
      else this.onLine(line);
      nl = this.pending.indexOf('\n');
    }
    if (this.pending.length > this.maxLine) {
      if (!this.dropping) this.onOverflow(this.pending.slice(0, 200));
      this.dropping = true;
      this.pending = '';
    }
  }
}
