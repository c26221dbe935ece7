// Parses a pcap stream as it arrives, so segments can be acted on while the capture runs.

/** One captured packet: its bytes as captured (at most snaplen) and its real length. */
export interface PcapRecord {
  /** ms since the epoch (fractional). */
  timeMs: number;
  data: Buffer;
  origLen: number;
  /** The record as it stood in the stream, header included (to write a pcap back out). */
  raw: Buffer;
}

/** The pcap file header: magic, version, zone, sigfigs, snaplen, link type. */
export const GLOBAL_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
/** Larger than any snaplen a capture tool uses: a bigger length means a corrupt stream. */
const MAX_RECORD_BYTES = 262_144 * 4;

const MAGICS: Record<number, { littleEndian: boolean; nanos: boolean }> = {
  0xa1b2c3d4: { littleEndian: true, nanos: false },
  0xa1b23c4d: { littleEndian: true, nanos: true },
  0xd4c3b2a1: { littleEndian: false, nanos: false },
  0x4d3cb2a1: { littleEndian: false, nanos: true },
};

/** Incremental pcap parser: push chunks cut anywhere, get back the complete records. */
export class PcapReader {
  #pending: Buffer = Buffer.alloc(0);
  /** Stream offset of #pending[0], for error messages. */
  #offset = 0;
  #littleEndian = true;
  #nanos = false;
  #headerSeen = false;
  #linkType: number | null = null;
  #snaplen: number | null = null;

  get headerSeen(): boolean {
    return this.#headerSeen;
  }

  get linkType(): number | null {
    return this.#linkType;
  }

  get snaplen(): number | null {
    return this.#snaplen;
  }

  /** Bytes received but not yet part of a complete header or record. */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  /** Throws (a harness fault) on input that is not a pcap stream. */
  push(chunk: Buffer): PcapRecord[] {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const records: PcapRecord[] = [];
    if (!this.#headerSeen && !this.#readGlobalHeader()) return records;
    let at = 0;
    while (this.#pending.length - at >= RECORD_HEADER_BYTES) {
      const inclLen = this.#u32(at + 8);
      const origLen = this.#u32(at + 12);
      if (inclLen > MAX_RECORD_BYTES) {
        throw new Error(`Malformed pcap stream at offset ${this.#offset + at}: record length ${inclLen}`);
      }
      if (this.#pending.length - at < RECORD_HEADER_BYTES + inclLen) break;
      const seconds = this.#u32(at);
      const fraction = this.#u32(at + 4);
      const start = at + RECORD_HEADER_BYTES;
      records.push({
        timeMs: seconds * 1000 + (this.#nanos ? fraction / 1e6 : fraction / 1e3),
        data: Buffer.from(this.#pending.subarray(start, start + inclLen)),
        origLen,
        raw: Buffer.from(this.#pending.subarray(at, start + inclLen)),
      });
      at = start + inclLen;
    }
    this.#consume(at);
    return records;
  }

  /** Throws when the stream stopped inside a header or record (the writer died mid-write). */
  end(): void {
    if (this.#pending.length > 0) {
      throw new Error(`Truncated pcap stream: ${this.#pending.length} bytes left at offset ${this.#offset}`);
    }
  }

  #readGlobalHeader(): boolean {
    if (this.#pending.length < 4) return false;
    const magic = this.#pending.readUInt32LE(0);
    const format = MAGICS[magic];
    if (format === undefined) {
      const hex = magic.toString(16).padStart(8, '0');
      throw new Error(`Malformed pcap stream at offset ${this.#offset}: unknown magic 0x${hex}`);
    }
    if (this.#pending.length < GLOBAL_HEADER_BYTES) return false;
    this.#littleEndian = format.littleEndian;
    this.#nanos = format.nanos;
    this.#snaplen = this.#u32(16);
    this.#linkType = this.#u32(20);
    this.#headerSeen = true;
    this.#consume(GLOBAL_HEADER_BYTES);
    return true;
  }

  #u32(at: number): number {
    return this.#littleEndian ? this.#pending.readUInt32LE(at) : this.#pending.readUInt32BE(at);
  }

  #consume(bytes: number): void {
    this.#pending = this.#pending.subarray(bytes);
    this.#offset += bytes;
  }
}
