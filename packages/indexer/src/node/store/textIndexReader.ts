import type { Statement } from 'better-sqlite3';
import { decodePostings, intersectSorted, unionSorted } from '../../common/postings.js';
import type { TrigramQuery } from '../../common/regex/trigramQuery.js';
import { trigramKey } from '../../common/trigram.js';
import type { SqliteDb } from './openDatabase.js';
import { blobToKeys } from './textIndexWriter.js';

/** An AND narrowed to this many candidates stops intersecting: reading them is cheaper. */
const GOOD_ENOUGH = 24;

/**
 * Evaluates a trigram query against the stored postings: the ids of contents that may
 * match, or null for "no constraint" (every content is a candidate). ANDs start from the
 * rarest trigram (smallest encoded list) and stop once few candidates remain: the result
 * may be a superset, which verification against the files makes exact anyway.
 */
export class TextIndexReader {
  private readonly postings: Statement;
  private readonly postingsSize: Statement;
  private readonly deltaSince: Statement;
  private readonly deltaCount: Statement;
  /** Recently indexed contents' sorted trigram keys, refreshed by version. */
  private delta = new Map<number, Int32Array>();
  private deltaVersion = -1;

  constructor(db: SqliteDb) {
    // One statement per trigram across all segments (was one per segment and trigram).
    this.postings = db.prepare('SELECT docs FROM text_postings WHERE trigram = ? AND segment IN (SELECT id FROM text_segments)').pluck();
    // length() of a blob is read from its record header: sizing a list costs no copy of it.
    this.postingsSize = db.prepare('SELECT coalesce(sum(length(docs)), 0) FROM text_postings WHERE trigram = ? AND segment IN (SELECT id FROM text_segments)').pluck();
    this.deltaSince = db.prepare('SELECT content_id, keys, version FROM text_delta WHERE version > ?').raw();
    this.deltaCount = db.prepare('SELECT count(*) FROM text_delta').pluck();
  }

  private refreshDelta(): void {
    // A merge deletes delta rows; a count below ours means reload from scratch.
    if ((this.deltaCount.get() as number) < this.delta.size) {
      this.delta = new Map();
      this.deltaVersion = -1;
    }
    for (const [contentId, blob, version] of this.deltaSince.all(this.deltaVersion) as [number, Buffer, number][]) {
      this.delta.set(contentId, blobToKeys(blob));
      if (version > this.deltaVersion) this.deltaVersion = version;
    }
  }

  candidates(query: TrigramQuery): Int32Array | null {
    this.refreshDelta();
    return this.evaluate(query, new Map());
  }

  /** Contents indexed since the last merge that have this trigram. */
  private deltaIds(key: number): number[] {
    const ids: number[] = [];
    for (const [contentId, keys] of this.delta) if (hasKey(keys, key)) ids.push(contentId);
    return ids;
  }

  /** Encoded bytes of a trigram's lists plus its delta ids: the cost of decoding it. */
  private size(trigram: string): number {
    const key = trigramKey(trigram);
    return (this.postingsSize.get(key) as number) + this.deltaIds(key).length;
  }

  /** One trigram's ids, decoded and merged across segments and the delta. */
  private fetch(trigram: string): Int32Array {
    const key = trigramKey(trigram);
    const parts = (this.postings.all(key) as Buffer[]).map((b) => decodePostings(b));
    const delta = this.deltaIds(key);
    if (delta.length > 0) parts.push(Int32Array.from(delta).sort());
    return unionSorted(parts);
  }

  private evaluate(q: TrigramQuery, cache: Map<string, Int32Array>): Int32Array | null {
    if (q.op === 'all') return null;
    if (q.op === 'none') return new Int32Array(0);
    const lookup = (t: string): Int32Array => {
      let ids = cache.get(t);
      if (!ids) cache.set(t, (ids = this.fetch(t)));
      return ids;
    };
    if (q.op === 'or') {
      const parts: Int32Array[] = [];
      for (const t of q.trigrams) parts.push(lookup(t));
      for (const sub of q.subs) {
        const ids = this.evaluate(sub, cache);
        if (ids === null) return null;
        parts.push(ids);
      }
      return unionSorted(parts);
    }
    // Sized first, fetched rarest first: the common trigrams of a literal are often never fetched.
    const sized = q.trigrams.map((t) => ({ t, size: cache.get(t)?.length ?? this.size(t) })).sort((a, b) => a.size - b.size);
    let acc: Int32Array | null = null;
    for (const { t, size } of sized) {
      // A few hundred candidates against a list a hundred times longer: decoding it costs
      // more than reading the few files it could still rule out.
      if (acc !== null && acc.length <= 512 && size > 100 * acc.length) break;
      const ids = lookup(t);
      acc = acc === null ? ids : intersectSorted(acc, ids);
      if (acc.length <= GOOD_ENOUGH) return acc;
    }
    for (const sub of q.subs) {
      const ids = this.evaluate(sub, cache);
      if (ids === null) continue;
      acc = acc === null ? ids : intersectSorted(acc, ids);
      if (acc.length <= GOOD_ENOUGH) return acc;
    }
    return acc;
  }
}

function hasKey(sorted: Int32Array, key: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === key) return true;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const readers = new WeakMap<SqliteDb, TextIndexReader>();

/** One reader per connection (a rebuilt database gets a new connection, hence a new reader). */
export function textIndexReaderFor(db: SqliteDb): TextIndexReader {
  let r = readers.get(db);
  if (!r) readers.set(db, (r = new TextIndexReader(db)));
  return r;
}
