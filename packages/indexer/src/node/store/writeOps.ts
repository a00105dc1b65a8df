/**
 * The write operations the main thread hands to the writer thread, encoded compactly: a
 * batch is one Float64Array of opcodes and numbers, an array of strings, and one byte
 * arena (file bytes for the text index, reference blobs), all transferred, never cloned
 * object by object. A cold build sends millions of symbol rows; an object per row would
 * cost the main thread more to clone than the SQLite inserts it spares it.
 */

export const Op = {
  /** id, root, size, mtime, contentId (-1 = NULL), state; strings: rel */
  InsertFile: 1,
  /** id, size, mtime, contentId (-1 = NULL), state */
  UpdateFile: 2,
  /** id */
  RemoveFile: 3,
  /** id, size, flags; strings: hash (hex) */
  InsertContent: 4,
  /** contentId; strings: language */
  SetParsed: 5,
  /** contentId; strings: why it has no tags */
  SetParseError: 6,
  /** id, kinds; strings: name */
  InsertName: 7,
  /** id, kinds */
  NameKinds: 8,
  /** contentId, name, kind, container (-1 = NULL), 8 range numbers */
  Symbol: 9,
  /** contentId, offset, length (in the arena) */
  Refs: 10,
  /** strings: key, value (a number travels as its string: meta values are read back with Number()) */
  SetMeta: 11,
  /** contentId, offset, length (in the arena): the content's text for the trigram index */
  TextAdd: 12,
  /** write the buffered trigrams now (end of a run: what it indexed is searchable) */
  TextFlush: 13,
  /** forget every content's tags */
  ResetTags: 14,
  /** strings: path */
  RecordRecent: 15,
  /** commit, create the deferred lookup indexes, go on */
  CreateIndexes: 16,
} as const;

/** Numbers of a Symbol op after the content id. */
export const SYMBOL_FIELDS = 11;

/** One batch as it crosses to the writer thread. */
export interface OpBatch {
  nums: Float64Array<ArrayBuffer>;
  strs: string[];
  bytes: Uint8Array<ArrayBuffer>;
}

/** Accumulates one batch on the main thread. */
export class OpEncoder {
  private nums = new Float64Array(1 << 12);
  private n = 0;
  private strs: string[] = [];
  private bytes = new Uint8Array(1 << 16);
  private b = 0;

  get empty(): boolean {
    return this.n === 0;
  }

  /** Bytes this batch will hold in the writer thread's queue (for back-pressure). */
  get size(): number {
    return this.n * 8 + this.b;
  }

  num(...values: number[]): void {
    if (this.n + values.length > this.nums.length) this.growNums(this.n + values.length);
    for (const v of values) this.nums[this.n++] = v;
  }

  /** Room for `count` more numbers, written with `put` (hot loops avoid rest arrays). */
  reserve(count: number): void {
    if (this.n + count > this.nums.length) this.growNums(this.n + count);
  }

  put(value: number): void {
    this.nums[this.n++] = value;
  }

  str(value: string): void {
    this.strs.push(value);
  }

  /** Copies `data` into the arena; pushes its offset and length. */
  blob(data: Uint8Array): void {
    if (this.b + data.length > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.b + data.length));
      bigger.set(this.bytes.subarray(0, this.b));
      this.bytes = bigger;
    }
    this.bytes.set(data, this.b);
    this.num(this.b, data.length);
    this.b += data.length;
  }

  private growNums(needed: number): void {
    const bigger = new Float64Array(Math.max(this.nums.length * 2, needed));
    bigger.set(this.nums.subarray(0, this.n));
    this.nums = bigger;
  }

  /** Hands the batch over (exact-size buffers, safe to transfer) and starts a new one. */
  take(): OpBatch {
    const batch = { nums: this.nums.slice(0, this.n), strs: this.strs, bytes: this.bytes.slice(0, this.b) };
    this.n = 0;
    this.b = 0;
    this.strs = [];
    // A batch that needed a big arena (a large file) does not keep it. A usual one does: a
    // batch is posted past 4 MiB (indexWriter.ts), so the arena settles at 8 MiB, and
    // growing it again from 64 KiB for every batch left ~16 MiB of dead buffers each time.
    if (this.bytes.length > 1 << 23) this.bytes = new Uint8Array(1 << 16);
    if (this.nums.length > 1 << 20) this.nums = new Float64Array(1 << 12);
    return batch;
  }
}

/** Reads a batch back in order on the writer thread. */
export class OpDecoder {
  private n = 0;
  private s = 0;

  constructor(readonly batch: OpBatch) {}

  get done(): boolean {
    return this.n >= this.batch.nums.length;
  }

  num(): number {
    return this.batch.nums[this.n++]!;
  }

  /** A nullable id (encoded as -1). */
  id(): number | null {
    const v = this.batch.nums[this.n++]!;
    return v < 0 ? null : v;
  }

  str(): string {
    return this.batch.strs[this.s++]!;
  }

  blob(): Uint8Array {
    const offset = this.num();
    const length = this.num();
    return this.batch.bytes.subarray(offset, offset + length);
  }
}
