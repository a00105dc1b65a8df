/** Unsigned LEB128 varints: small non-negative integers in one or two bytes. */
export class VarintWriter {
  private buf = new Uint8Array(256);
  private length = 0;

  push(value: number): void {
    if (this.length + 5 > this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    let v = value >>> 0;
    while (v >= 0x80) {
      this.buf[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.length++] = v;
  }

  /** Empties the writer, keeping its buffer for reuse. */
  reset(): void {
    this.length = 0;
  }

  get size(): number {
    return this.length;
  }

  /** Appends another writer's bytes. */
  append(other: VarintWriter): void {
    const bytes = other.buf.subarray(0, other.length);
    if (this.length + bytes.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + bytes.length));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Reads varints back in order. */
export class VarintReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  get position(): number {
    return this.pos;
  }

  skip(bytes: number): void {
    this.pos += bytes;
  }

  next(): number {
    const bytes = this.bytes;
    let b = bytes[this.pos++]!;
    if (b < 0x80) return b;
    let v = b & 0x7f;
    b = bytes[this.pos++]!;
    if (b < 0x80) return v | (b << 7);
    v |= (b & 0x7f) << 7;
    b = bytes[this.pos++]!;
    if (b < 0x80) return v | (b << 14);
    v |= (b & 0x7f) << 14;
    b = bytes[this.pos++]!;
    if (b < 0x80) return v | (b << 21);
    v |= (b & 0x7f) << 21;
    b = bytes[this.pos++]!;
    return v + (b & 0x7f) * 2 ** 28;
  }
}
