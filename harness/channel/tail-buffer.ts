// Keeps the last few KiB of an agent's stderr: enough to explain a crash, bounded against floods.
import { StringDecoder } from 'node:string_decoder';

/** A bounded text tail. */
export class TailBuffer {
  private text = '';
  // A UTF-8 character split across two chunks is decoded whole, not as two U+FFFD.
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly max = 4096) {}

  push(chunk: Buffer | string): void {
    this.text += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.text.length > this.max * 2) this.text = this.tail();
  }

  toString(): string {
    return this.text.length > this.max ? `…${this.tail()}` : this.text;
  }

  /** The last `max` UTF-16 units, never starting inside a surrogate pair. */
  private tail(): string {
    const cut = this.text.length - this.max;
    const start = /[\udc00-\udfff]/.test(this.text[cut] ?? '') && /[\ud800-\udbff]/.test(this.text[cut - 1] ?? '') ? cut + 1 : cut;
    return this.text.slice(start);
  }
}
