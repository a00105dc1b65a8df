import { decodePostings, encodePostings, unionSorted } from '../../common/postings.js';
import { extractTrigrams, TRIGRAM_SPACE } from '../../common/trigram.js';
import { loadNativeTags } from '../../worker/nativeTags.js';
import { BatchedInsert } from './batchedInsert.js';
import type { SqliteDb } from './openDatabase.js';
import { ContentFlag } from './schema.js';

/** The transactions the text index writes in: the writer thread's (see storeWriter.ts). */
export interface TextBatches {
  /** The open transaction's version (flush runs inside one). */
  readonly version: number;
  /** Runs `fn` in a transaction of its own (a merge step) and commits it. */
  transaction(fn: (version: number) => void): void;
}

/** The addon's loop when it is built (it takes about half the time), else the same in JavaScript. */
const extract = loadNativeTags()?.extractTrigrams ?? extractTrigrams;

/** Postings buffered before a segment is written (16 MiB of keys). */
const SEGMENT_POSTINGS = 4_000_000;
/** Below this many postings a flush writes delta rows instead of a segment. */
const DELTA_MAX = 200_000;
/** Keys buffer kept between runs (1 MiB): an editor save of a file up to 256 KB fits. */
const KEPT_KEYS = 1 << 18;
/** Merge when there are more segments or delta rows than this. */
const MAX_SEGMENTS = 32;
const MAX_DELTA_ROWS = 2_000;

/** A content's sorted trigram keys, gap-encoded (about a third of their raw size). */
export const keysToBlob = (sortedKeys: Int32Array): Uint8Array => encodePostings(sortedKeys);

export const blobToKeys = (blob: Uint8Array): Int32Array => decodePostings(blob);

/**
 * Builds the trigram index of file contents: for each trigram, the ids of the contents
 * that contain it. Postings accumulate in memory; a big flush (a cold build) becomes an
 * immutable segment, a small one (an editor save, a few watcher events) one `text_delta`
 * row per content. Content ids are never reused, so postings of replaced contents only
 * cost space until `merge` drops them. Runs on the writer thread: extracting trigrams and
 * writing a segment (tens to hundreds of milliseconds) never holds up the main thread.
 */
export class TextIndexWriter {
  private readonly seen = new Uint32Array(TRIGRAM_SPACE);
  private stamp = 0;
  private keys = new Int32Array(KEPT_KEYS);
  private count = 0;
  /**
   * Buffered contents and where each one's keys start in `keys`. A key's content is the
   * run it falls in: no per-posting array of content ids (16 MiB at a full segment).
   */
  private readonly contents: number[] = [];
  private readonly starts: number[] = [];
  private readonly buffered = new Set<number>();
  private nextSegment: number;

  private readonly markIndexed;
  private readonly insertDelta;

  constructor(
    private readonly db: SqliteDb,
    private readonly batches: TextBatches,
  ) {
    this.nextSegment = ((db.prepare('SELECT max(id) FROM text_segments').pluck().get() as number | null) ?? 0) + 1;
    // OR-ed in: the main thread sets the other flags (Parsed) in its own statements.
    this.insertDelta = db.prepare('INSERT OR REPLACE INTO text_delta (content_id, keys, version) VALUES (?, ?, ?)');
    this.markIndexed = db.prepare(`UPDATE contents SET flags = flags | ${ContentFlag.TextIndexed}, version = ? WHERE id = ?`);
  }

  /** Adds a content's trigrams; flushes a segment when the buffer is full. */
  add(contentId: number, bytes: Uint8Array): void {
    if (this.buffered.has(contentId)) return;
    // Flush first when this content would overflow the segment: the buffers then never
    // grow past one segment plus one file (doubling them would reach twice that).
    if (this.count > 0 && this.count + bytes.length > SEGMENT_POSTINGS) this.flush();
    this.buffered.add(contentId);
    this.contents.push(contentId);
    this.starts.push(this.count);
    this.stamp = (this.stamp + 1) >>> 0 || 1;
    if (this.count + bytes.length > this.keys.length) this.grow(this.count + bytes.length);
    this.count = extract(bytes, this.seen, this.stamp, this.keys, this.count);
    if (this.count >= SEGMENT_POSTINGS) this.flush();
  }

  private grow(needed: number): void {
    const size = Math.max(needed, Math.min(this.keys.length * 2, SEGMENT_POSTINGS));
    const keys = new Int32Array(size);
    keys.set(this.keys.subarray(0, this.count));
    this.keys = keys;
  }

  /**
   * Writes what is buffered and marks those contents indexed, in the open transaction.
   * True when it wrote a segment (whose sort arrays are tens of MiB of garbage now).
   */
  flush(): boolean {
    if (this.contents.length === 0) return false;
    const version = this.batches.version;
    const segment = this.count >= DELTA_MAX;
    if (segment) this.writeSegment();
    else this.writeDelta(version);
    for (const id of this.contents) this.markIndexed.run(version, id);
    this.count = 0;
    this.contents.length = 0;
    this.starts.length = 0;
    this.buffered.clear();
    return segment;
  }

  /**
   * The end of a run: writes what is buffered and gives back the buffer (16 MiB after a
   * cold build, held for nothing until the next big one). True when big buffers became
   * garbage (a segment's, or that one), which only a full collection frees.
   */
  finish(): boolean {
    const segment = this.flush();
    if (this.keys.length <= KEPT_KEYS) return segment;
    this.keys = new Int32Array(KEPT_KEYS);
    return true;
  }

  private writeDelta(version: number): void {
    for (let i = 0; i < this.contents.length; i++) {
      const keys = this.keys.slice(this.starts[i]!, i + 1 < this.starts.length ? this.starts[i + 1]! : this.count).sort();
      this.insertDelta.run(this.contents[i]!, keysToBlob(keys), version);
    }
  }

  /** Counting sort by trigram, then one row per trigram (in key order: appended) with its sorted ids. */
  private writeSegment(): void {
    const { keys, count } = this;
    // ends[k]: first where trigram k starts, then (once filled) where it ends.
    const ends = new Int32Array(TRIGRAM_SPACE);
    for (let i = 0; i < count; i++) ends[keys[i]!]!++;
    for (let k = 0, at = 0; k < TRIGRAM_SPACE; k++) {
      const n = ends[k]!;
      ends[k] = at;
      at += n;
    }
    const sorted = new Int32Array(count);
    const docCount = this.contents.length;
    for (let c = 0; c < docCount; c++) {
      const doc = this.contents[c]!;
      const end = c + 1 < docCount ? this.starts[c + 1]! : count;
      for (let i = this.starts[c]!; i < end; i++) sorted[ends[keys[i]!]!++] = doc;
    }
    const segment = this.nextSegment++;
    // A segment is hundreds of thousands of rows: 64 to a statement.
    const insert = new BatchedInsert(this.db, 'INSERT INTO text_postings (segment, trigram, docs) VALUES', 3, 64);
    let scratch = new Uint8Array(1 << 16);
    for (let k = 0; k < TRIGRAM_SPACE; k++) {
      const s = k === 0 ? 0 : ends[k - 1]!;
      const e = ends[k]!;
      if (s === e) continue;
      const ids = sorted.subarray(s, e);
      // Contents are added in id order, so a list is almost always sorted already.
      for (let i = s + 1; i < e; i++) {
        if (sorted[i]! < sorted[i - 1]!) {
          ids.sort();
          break;
        }
      }
      if (scratch.length < ids.length * 5) scratch = new Uint8Array(ids.length * 5);
      insert.put(segment);
      insert.put(k);
      insert.put(encodePostings(ids, 0, ids.length, scratch));
    }
    insert.flush();
    this.db.prepare('INSERT INTO text_segments (id, docs, postings) VALUES (?, ?, ?)').run(segment, docCount, count);
  }

  /** Many segments or delta rows make every lookup slower: time to merge. */
  needsMerge(): boolean {
    const segments = this.db.prepare('SELECT count(*) FROM text_segments').pluck().get() as number;
    const delta = this.db.prepare('SELECT count(*) FROM text_delta').pluck().get() as number;
    return segments > MAX_SEGMENTS || delta > MAX_DELTA_ROWS;
  }

  /**
   * Rewrites the segments and delta rows present now into one segment, dropping ids of
   * contents that no longer exist. Works through trigram ranges, one transaction each and
   * yielding in between: every commit leaves each trigram's postings complete (old rows
   * until the range is rewritten, new ones after), so searches stay exact throughout, and
   * saves that land meanwhile go to new delta rows that this merge leaves alone.
   */
  async merge(isLive: (contentId: number) => boolean): Promise<void> {
    this.batches.transaction(() => this.flush());
    const oldSegments = this.db.prepare('SELECT id FROM text_segments').pluck().all() as number[];
    const deltaRows = this.db.prepare('SELECT content_id, keys FROM text_delta').raw().all() as [number, Buffer][];
    const delta = new Map<number, number[]>();
    for (const [contentId, blob] of deltaRows) {
      for (const key of blobToKeys(blob)) {
        const l = delta.get(key);
        if (l) l.push(contentId);
        else delta.set(key, [contentId]);
      }
    }
    const segment = this.nextSegment++;
    const read = this.db.prepare('SELECT trigram, docs FROM text_postings WHERE segment = ? AND trigram >= ? AND trigram < ?');
    const del = this.db.prepare('DELETE FROM text_postings WHERE segment = ? AND trigram >= ? AND trigram < ?');
    const insert = this.db.prepare('INSERT INTO text_postings (segment, trigram, docs) VALUES (?, ?, ?)');
    let postings = 0;
    const STEP = 1 << 14;
    for (let lo = 0; lo < TRIGRAM_SPACE; lo += STEP) {
      const hi = lo + STEP;
      const lists = new Map<number, Int32Array[]>();
      for (const old of oldSegments) {
        for (const [k, blob] of read.raw().all(old, lo, hi) as [number, Buffer][]) {
          const l = lists.get(k);
          if (l) l.push(decodePostings(blob));
          else lists.set(k, [decodePostings(blob)]);
        }
      }
      for (let k = lo; k < hi; k++) {
        const ids = delta.get(k);
        if (!ids) continue;
        const l = lists.get(k);
        const sorted = Int32Array.from(ids).sort();
        if (l) l.push(sorted);
        else lists.set(k, [sorted]);
      }
      if (lists.size === 0) continue;
      this.batches.transaction(() => {
        for (const k of [...lists.keys()].sort((a, b) => a - b)) {
          const ids = unionSorted(lists.get(k)!).filter(isLive);
          postings += ids.length;
          if (ids.length > 0) insert.run(segment, k, encodePostings(ids));
        }
        for (const old of oldSegments) del.run(old, lo, hi);
      });
      // Batches (an editor save) queued on this thread meanwhile get their turn.
      await new Promise((r) => setImmediate(r));
    }
    this.batches.transaction(() => {
      const dropSegment = this.db.prepare('DELETE FROM text_segments WHERE id = ?');
      for (const old of oldSegments) dropSegment.run(old);
      const dropDelta = this.db.prepare('DELETE FROM text_delta WHERE content_id = ?');
      for (const [contentId] of deltaRows) dropDelta.run(contentId);
      this.db.prepare('INSERT INTO text_segments (id, docs, postings) VALUES (?, ?, ?)').run(segment, deltaRows.length, postings);
    });
  }
}
