// Keeps the last few KiB of an agent's stderr: enough to explain a crash, bounded against floods.

/** A bounded text tail. */
export class TailBuffer {
  private text = '';

  constructor(private readonly max = 4096) {}

  push(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > this.max * 2) this.text = this.text.slice(-this.max);
  }

  toString(): string {
    return this.text.length > this.max ? `…${this.text.slice(-this.max)}` : this.text;
  }
}
