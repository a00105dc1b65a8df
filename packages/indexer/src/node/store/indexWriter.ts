import Database, { type Statement } from 'better-sqlite3';
import type { FileTags, ParseOutcome } from '../../common/tags.js';
import { VarintWriter } from '../../common/varint.js';
import { dbPath, type SqliteDb } from './openDatabase.js';
import { ContentFlag, FileState, REFERENCE_KINDS, SYMBOL_KINDS } from './schema.js';
import { Op, OpEncoder, SYMBOL_FIELDS } from './writeOps.js';
import type { WriterThread } from './writerThreadClient.js';

/** What the writer remembers about a stored file, to tell what changed on disk. */
export interface StoredFile {
  id: number;
  root: number;
  rel: string;
  size: number;
  mtime: number;
  contentId: number | null;
  state: number;
  present: boolean;
}

export interface StoredContent {
  id: number;
  flags: number;
}

export const fileKey = (root: number, rel: string): string => `${root}\0${rel}`;

/** A name's id and kind bits in one number: id × KINDS_SPAN + kinds (exact below 2^53). */
const KINDS_SPAN = 1 << SYMBOL_KINDS.length;
const packName = (id: number, kinds: number): number => id * KINDS_SPAN + kinds;

const KIND_INDEX = new Map(SYMBOL_KINDS.map((k, i) => [k, i]));
const REF_KIND_INDEX = new Map(REFERENCE_KINDS.map((k, i) => [k, i]));

/** A batch this big is posted at once instead of at the next tick (bounds its memory). */
const BATCH_BYTES = 4 << 20;

/**
 * Decides every write of the index and hands it to the writer thread (see
 * writerThread.ts), which runs the SQL. Changes go into one batch that is posted every few
 * dozen milliseconds, or at once for an editor save, and committed there as one
 * transaction, so thousands of small writes cost one commit and none blocks this thread.
 * Holds in memory what it needs to decide writes without reading back: stored files,
 * contents by hash, and name ids; ids are allocated here, so a batch never needs an
 * answer. What it cannot know from memory (a name or hash stored by an earlier session)
 * it looks up on its own read-only connection: those rows are committed.
 */
export class IndexWriter {
  readonly files = new Map<string, StoredFile>();
  /** Contents by hash, filled on demand from the database (a warm start loads none). */
  private readonly contents = new Map<string, StoredContent>();
  private readonly contentById = new Map<number, StoredContent>();
  /**
   * Names by text, likewise filled on demand, each packed into one number (see packName):
   * a cold build of 100k files holds a million or more names here, and an object per
   * entry would cost tens of megabytes more than a number.
   */
  private readonly names = new Map<string, number>();
  private readonly metaValues = new Map<string, unknown>();
  private nextContentId: number;
  private postedNextContentId = -1;
  private nextFileId: number;
  private nextNameId: number;
  /** The tables were empty at open (a cold build): a miss in memory is a miss, no query needed. */
  private readonly namesComplete: boolean;
  private readonly contentsComplete: boolean;
  private readonly ops = new OpEncoder();
  private readonly lookup: { contentByHash: Statement; nameByText: Statement };

  /** Loads the writer's memory from the committed database the writer thread opened. */
  static load(dir: string, thread: WriterThread): IndexWriter {
    const db = new Database(dbPath(dir), { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      return new IndexWriter(db, thread);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private constructor(
    private readonly db: SqliteDb,
    private readonly thread: WriterThread,
  ) {
    for (const [key, value] of db.prepare('SELECT key, value FROM meta').raw().all() as [string, unknown][]) this.metaValues.set(key, value);
    this.lookup = {
      contentByHash: db.prepare('SELECT id FROM contents WHERE hash = ?').pluck(),
      nameByText: db.prepare('SELECT id, kinds FROM names WHERE name = ?'),
    };
    // `.raw().all()`: several times faster than iterating row objects, which matters for
    // a warm start over 100k files.
    let maxFile = 0;
    for (const [id, root, rel, size, mtime, contentId, state, present] of db.prepare('SELECT id, root, rel, size, mtime, content_id, state, present FROM files').raw().all() as [number, number, string, number, number, number | null, number, number][]) {
      this.files.set(fileKey(root, rel), { id, root, rel, size, mtime, contentId, state, present: present === 1 });
      if (id > maxFile) maxFile = id;
    }
    let maxContent = 0;
    for (const [id, flags] of db.prepare('SELECT id, flags FROM contents').raw().all() as [number, number][]) {
      this.contentById.set(id, { id, flags });
      if (id > maxContent) maxContent = id;
    }
    this.nextFileId = maxFile + 1;
    this.nextContentId = Math.max(maxContent + 1, Number(this.meta('next_content_id') ?? 1));
    const maxName = (db.prepare('SELECT max(id) FROM names').pluck().get() as number | null) ?? 0;
    this.namesComplete = maxName === 0;
    this.contentsComplete = maxContent === 0;
    this.nextNameId = maxName + 1;
  }

  /** A meta value as this writer last set it (or as it was stored at open). */
  meta(key: string): unknown {
    return this.metaValues.get(key);
  }

  /** Posts the open batch, if any, to the writer thread (without waiting for it). */
  commit(): void {
    if (this.ops.empty) return;
    if (this.nextContentId !== this.postedNextContentId) {
      this.putMeta('next_content_id', this.nextContentId);
      this.postedNextContentId = this.nextContentId;
    }
    const bytes = this.ops.size;
    this.thread.post(this.ops.take(), bytes);
  }

  /** Posts the open batch and resolves once everything posted is committed. */
  async flushed(): Promise<void> {
    this.commit();
    await this.thread.settled();
  }

  /** Resolves when the writer thread has caught up enough to take more; throws once a batch failed (the run stops). */
  async room(): Promise<void> {
    this.thread.throwIfFailed();
    if (this.thread.backlogged) await this.thread.room();
  }

  private posted(): void {
    if (this.ops.size > BATCH_BYTES) this.commit();
  }

  setMeta(key: string, value: string | number): void {
    this.putMeta(key, value);
  }

  private putMeta(key: string, value: string | number): void {
    this.metaValues.set(key, value);
    this.ops.num(Op.SetMeta);
    this.ops.str(key);
    this.ops.str(String(value));
  }

  contentByHash(hash: string): StoredContent | undefined {
    let c = this.contents.get(hash);
    if (c || this.contentsComplete) return c;
    const id = this.lookup.contentByHash.get(Buffer.from(hash, 'hex')) as number | undefined;
    c = id === undefined ? undefined : this.contentById.get(id);
    if (c) this.contents.set(hash, c);
    return c;
  }

  contentFlags(id: number): number {
    return this.contentById.get(id)?.flags ?? 0;
  }

  /** Registers a new content (its tags and text come later) and returns its id. */
  addContent(hash: string, size: number, flags: number): StoredContent {
    const c = { id: this.nextContentId++, flags };
    this.ops.num(Op.InsertContent, c.id, size, flags);
    this.ops.str(hash);
    this.contents.set(hash, c);
    this.contentById.set(c.id, c);
    return c;
  }

  /**
   * Sends a content's bytes to the text index. Marked indexed here at once (so it is not
   * sent twice); the stored flag is set when its postings are written.
   */
  indexText(contentId: number, bytes: Uint8Array): void {
    const c = this.contentById.get(contentId);
    if (!c || c.flags & ContentFlag.TextIndexed) return;
    c.flags |= ContentFlag.TextIndexed;
    this.ops.num(Op.TextAdd, contentId);
    this.ops.blob(bytes);
    this.posted();
  }

  /** Writes the text index's buffered postings in this batch (searchable once committed). */
  flushText(): void {
    this.ops.num(Op.TextFlush);
  }

  upsertFile(root: number, rel: string, size: number, mtime: number, state: number, contentId: number | null): StoredFile {
    const key = fileKey(root, rel);
    const existing = this.files.get(key);
    if (existing) {
      this.ops.num(Op.UpdateFile, existing.id, size, mtime, contentId ?? -1, state);
      Object.assign(existing, { size, mtime, state, contentId, present: true });
      return existing;
    }
    const row: StoredFile = { id: this.nextFileId++, root, rel, size, mtime, contentId, state, present: true };
    this.ops.num(Op.InsertFile, row.id, root, size, mtime, contentId ?? -1, state);
    this.ops.str(rel);
    this.files.set(key, row);
    return row;
  }

  /**
   * Lists a newly discovered file before it is read, so quick open covers the whole tree
   * right after the metadata scan (long before parsing reaches it).
   */
  listPending(root: number, rel: string, size: number, mtime: number): void {
    const existing = this.files.get(fileKey(root, rel));
    if (existing?.present) return;
    this.upsertFile(root, rel, size, mtime, FileState.Pending, null);
  }

  removeFile(root: number, rel: string): void {
    const row = this.files.get(fileKey(root, rel));
    if (!row || !row.present) return;
    this.ops.num(Op.RemoveFile, row.id);
    row.present = false;
    row.contentId = null;
    row.state = FileState.Pending;
  }

  private nameId(name: string, kindBit: number): number {
    let packed = this.names.get(name);
    if (packed === undefined && !this.namesComplete) {
      const row = this.lookup.nameByText.get(name) as { id: number; kinds: number } | undefined;
      if (row) this.names.set(name, (packed = packName(row.id, row.kinds)));
    }
    if (packed === undefined) {
      const id = this.nextNameId++;
      this.names.set(name, packName(id, kindBit));
      this.ops.num(Op.InsertName, id, kindBit);
      this.ops.str(name);
      return id;
    }
    const id = Math.floor(packed / KINDS_SPAN);
    const kinds = packed % KINDS_SPAN;
    if ((kinds | kindBit) !== kinds) {
      this.names.set(name, packName(id, kinds | kindBit));
      this.ops.num(Op.NameKinds, id, kinds | kindBit);
    }
    return id;
  }

  /** Stores a content's parse outcome: its symbols and references, or why there are none. */
  putTags(contentId: number, outcome: ParseOutcome): void {
    const c = this.contentById.get(contentId);
    if (!c) return;
    c.flags |= ContentFlag.Parsed;
    if (!outcome.ok) {
      this.ops.num(Op.SetParseError, contentId);
      this.ops.str(`${outcome.reason}: ${outcome.message}`);
      return;
    }
    this.insertTags(contentId, outcome.tags);
    this.ops.num(Op.SetParsed, contentId);
    this.ops.str(outcome.tags.language);
    this.posted();
  }

  private insertTags(contentId: number, tags: FileTags): void {
    const ops = this.ops;
    for (const d of tags.definitions) {
      const kind = KIND_INDEX.get(d.kind) ?? KIND_INDEX.get('variable')!;
      // Names first: resolving one may add an InsertName op, which must precede the row.
      const nameId = this.nameId(d.name, 1 << kind);
      const containerId = d.container === undefined ? -1 : this.nameId(d.container, 0);
      const r = d.range;
      const f = d.fullRange;
      ops.reserve(2 + SYMBOL_FIELDS);
      ops.put(Op.Symbol);
      ops.put(contentId);
      ops.put(nameId);
      ops.put(kind);
      ops.put(containerId);
      ops.put(r.startLine);
      ops.put(r.startColumn);
      ops.put(r.endLine);
      ops.put(r.endColumn);
      ops.put(f.startLine);
      ops.put(f.startColumn);
      ops.put(f.endLine);
      ops.put(f.endColumn);
    }
    if (tags.references.length === 0) return;
    // Grouped by name, ascending: [name id, byte length, (kind, line, column, line span,
    // end column)…] so a lookup skips every other name's group without decoding it.
    const groups = new Map<number, VarintWriter>();
    for (const ref of tags.references) {
      const id = this.nameId(ref.name, 0);
      let g = groups.get(id);
      if (!g) groups.set(id, (g = new VarintWriter()));
      const r = ref.range;
      g.push(REF_KIND_INDEX.get(ref.kind) ?? REF_KIND_INDEX.get('other')!);
      g.push(r.startLine);
      g.push(r.startColumn);
      g.push(r.endLine - r.startLine);
      g.push(r.endColumn);
    }
    const out = new VarintWriter();
    for (const id of [...groups.keys()].sort((a, b) => a - b)) {
      const g = groups.get(id)!;
      out.push(id);
      out.push(g.size);
      out.append(g);
    }
    this.ops.num(Op.Refs, contentId);
    this.ops.blob(out.bytes());
  }

  /** Forgets every content's tags (the extractor changed): all are parsed again. */
  resetTags(): void {
    this.ops.num(Op.ResetTags);
    for (const c of this.contentById.values()) c.flags &= ~ContentFlag.Parsed;
  }

  /** Remembers a file the user opened (quick open ranks recent files higher). */
  recordRecent(key: string): void {
    this.ops.num(Op.RecordRecent);
    this.ops.str(key);
  }

  /** Creates the lookup indexes a cold build deferred (on the writer thread; this only waits). */
  async buildSecondaryIndexes(): Promise<void> {
    this.ops.num(Op.CreateIndexes);
    this.setMeta('indexes', 'built');
    await this.flushed();
  }

  /** Ids of the contents some present file uses (what a text-index merge keeps). */
  liveContents(): Int32Array<ArrayBuffer> {
    const live = new Set<number>();
    for (const f of this.files.values()) if (f.present && f.contentId !== null) live.add(f.contentId);
    return Int32Array.from(live);
  }

  /** Closes the read-only lookup connection; unposted changes are dropped. */
  close(): void {
    this.db.close();
  }
}
