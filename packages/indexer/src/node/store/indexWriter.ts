import Database, { type Statement } from 'better-sqlite3';
import { DEFINITION_FIELDS, namesOf, REFERENCE_FIELDS, TagField } from '../../common/packedTags.js';
import type { FileTags, ParseOutcome } from '../../common/tags.js';
import { VarintWriter } from '../../common/varint.js';
import { loadColumns } from './bulkLoad.js';
import { ContentFlagTable } from './catalogTables.js';
import { dbPath, type SqliteDb } from './openDatabase.js';
import { ContentFlag, FileState } from './schema.js';
import { ShardedMap } from './shardedMap.js';
import { StoredFiles } from './storedFiles.js';
import { Op, OpEncoder, SYMBOL_FIELDS } from './writeOps.js';
import type { WriterThread } from './writerThreadClient.js';

/** A content's id and its flags when asked. */
export interface StoredContent {
  id: number;
  flags: number;
}

export const fileKey = (root: number, rel: string): string => `${root}\0${rel}`;

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
  /** What is stored about each file, to tell what changed on disk. */
  readonly files: StoredFiles;
  /** Content ids by hash, filled on demand from the database (a warm start loads none). */
  private readonly contents = new ShardedMap<number>();
  /** Every stored content's flags, by id. */
  private readonly contentFlagTable = new ContentFlagTable();
  /**
   * Name ids by text, likewise filled on demand; their kind bits in `nameKinds`, by id: a
   * number packing id and kinds went past 2^31, where V8 stores a heap number (16 bytes
   * more, and a new one on every change). The 100k-file bench corpus has 80k names.
   */
  private readonly names = new ShardedMap<number>();
  private nameKinds = new Uint16Array(1 << 12);
  private readonly metaValues = new Map<string, unknown>();
  private nextContentId: number;
  private postedNextContentId = -1;
  private nextFileId: number;
  private nextNameId: number;
  /** The tables were empty at open (a cold build): a miss in memory is a miss, no query needed. */
  private namesComplete: boolean;
  private contentsComplete: boolean;
  private readonly ops = new OpEncoder();
  /** Scratch for one name's group of references (insertTags). */
  private readonly refGroup = new VarintWriter();
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
    // Whole columns in one read transaction (bulkLoad.ts): an object and a key string per
    // file, as rows, were ~0.25 s of a warm start over 100k files.
    type FileColumns = [number[], number[], string[], number[], number[], number[], number[], number[]];
    const [files, contents] = db.transaction((): [FileColumns, number[][]] => [
      loadColumns(db, 'files', [['id', 'num'], ['root', 'num'], ['rel', 'text'], ['size', 'num'], ['mtime', 'num'], ['ifnull(content_id, -1)', 'num'], ['state', 'num'], ['present', 'num']]) as FileColumns,
      loadColumns(db, 'contents', [['id', 'num'], ['flags', 'num']]) as number[][],
    ])();
    this.files = StoredFiles.fromColumns(...files);
    this.contentFlagTable.setAll(contents[0]!, contents[1]!);
    let maxFile = 0;
    for (const id of files[0]) if (id > maxFile) maxFile = id;
    let maxContent = 0;
    for (const id of contents[0]!) if (id > maxContent) maxContent = id;
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
    let id = this.contents.get(hash);
    if (id === undefined && !this.contentsComplete) {
      id = this.lookup.contentByHash.get(Buffer.from(hash, 'hex')) as number | undefined;
      if (id !== undefined && this.contentFlagTable.get(id) === undefined) id = undefined;
      if (id !== undefined) this.contents.set(hash, id);
    }
    return id === undefined ? undefined : { id, flags: this.contentFlags(id) };
  }

  contentFlags(id: number): number {
    return this.contentFlagTable.get(id) ?? 0;
  }

  /** Registers a new content (its tags and text come later) and returns its id. */
  addContent(hash: string, size: number, flags: number): StoredContent {
    const id = this.nextContentId++;
    this.ops.num(Op.InsertContent, id, size, flags);
    this.ops.str(hash);
    this.contents.set(hash, id);
    this.contentFlagTable.set(id, flags);
    return { id, flags };
  }

  /**
   * Sends a content's bytes to the text index. Marked indexed here at once (so it is not
   * sent twice); the stored flag is set when its postings are written.
   */
  indexText(contentId: number, bytes: Uint8Array): void {
    const flags = this.contentFlagTable.get(contentId);
    if (flags === undefined || flags & ContentFlag.TextIndexed) return;
    this.contentFlagTable.set(contentId, flags | ContentFlag.TextIndexed);
    this.ops.num(Op.TextAdd, contentId);
    this.ops.blob(bytes);
    this.posted();
  }

  /** Writes the text index's buffered postings in this batch (searchable once committed). */
  flushText(): void {
    this.ops.num(Op.TextFlush);
  }

  upsertFile(root: number, rel: string, size: number, mtime: number, state: number, contentId: number | null): void {
    const slot = this.files.slotOf(root, rel);
    if (slot !== undefined) {
      this.ops.num(Op.UpdateFile, this.files.ids[slot]!, size, mtime, contentId ?? -1, state);
      this.files.update(slot, size, mtime, contentId, state);
      return;
    }
    const id = this.nextFileId++;
    this.ops.num(Op.InsertFile, id, root, size, mtime, contentId ?? -1, state);
    this.ops.str(rel);
    this.files.add(id, root, rel, size, mtime, contentId, state);
  }

  /**
   * Lists a newly discovered file before it is read, so quick open covers the whole tree
   * right after the metadata scan (long before parsing reaches it).
   */
  listPending(root: number, rel: string, size: number, mtime: number): void {
    const slot = this.files.slotOf(root, rel);
    if (slot !== undefined && this.files.isPresent(slot)) return;
    this.upsertFile(root, rel, size, mtime, FileState.Pending, null);
  }

  removeFile(root: number, rel: string): void {
    const slot = this.files.slotOf(root, rel);
    if (slot === undefined || !this.files.isPresent(slot)) return;
    this.ops.num(Op.RemoveFile, this.files.ids[slot]!);
    this.files.remove(slot, FileState.Pending);
  }

  private nameId(name: string, kindBit: number): number {
    let id = this.names.get(name);
    if (id === undefined && !this.namesComplete) {
      const row = this.lookup.nameByText.get(name) as { id: number; kinds: number } | undefined;
      if (row) this.rememberName(name, (id = row.id), row.kinds);
    }
    if (id === undefined) {
      id = this.nextNameId++;
      this.rememberName(name, id, kindBit);
      this.ops.num(Op.InsertName, id, kindBit);
      this.ops.str(name);
      return id;
    }
    const kinds = this.nameKinds[id]!;
    if ((kinds | kindBit) !== kinds) {
      this.nameKinds[id] = kinds | kindBit;
      this.ops.num(Op.NameKinds, id, kinds | kindBit);
    }
    return id;
  }

  private rememberName(name: string, id: number, kinds: number): void {
    if (id >= this.nameKinds.length) {
      const bigger = new Uint16Array(Math.max(id + 1, this.nameKinds.length * 2));
      bigger.set(this.nameKinds);
      this.nameKinds = bigger;
    }
    this.nameKinds[id] = kinds;
    this.names.set(name, id);
  }

  /** Stores a content's parse outcome: its symbols and references, or why there are none. */
  putTags(contentId: number, outcome: ParseOutcome): void {
    const flags = this.contentFlagTable.get(contentId);
    if (flags === undefined) return;
    this.contentFlagTable.set(contentId, flags | ContentFlag.Parsed);
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
    const t = tags.table;
    const names = namesOf(tags);
    // Each name's id, found once per file (-1: not yet); a definition still passes its kind.
    const ids = new Int32Array(names.length).fill(-1);
    const idOf = (i: number, kindBit: number): number => (kindBit === 0 && ids[i]! >= 0 ? ids[i]! : (ids[i] = this.nameId(names[i]!, kindBit)));
    for (let d = 0, p = 0; d < tags.definitionCount; d++, p += DEFINITION_FIELDS) {
      const kind = t[p + TagField.kind]!;
      // Names first: resolving one may add an InsertName op, which must precede the row.
      const nameId = idOf(t[p + TagField.name]!, 1 << kind);
      const container = t[p + TagField.container]!;
      const containerId = container < 0 ? -1 : idOf(container, 0);
      ops.reserve(2 + SYMBOL_FIELDS);
      ops.put(Op.Symbol);
      ops.put(contentId);
      ops.put(nameId);
      ops.put(kind);
      ops.put(containerId);
      // Both ranges: the rest of the definition.
      for (let f = p + TagField.range; f < p + DEFINITION_FIELDS; f++) ops.put(t[f]!);
    }
    if (tags.referenceCount === 0) return;
    // Grouped by name, ascending: [name id, byte length, (kind, line, column, line span,
    // end column)…] so a lookup skips every other name's group without decoding it. One
    // stable sort of the references by name id, not a writer per name: a file references
    // hundreds of names, and those writers were most of this thread's allocations.
    const first = tags.definitionCount * DEFINITION_FIELDS;
    const refIds = new Int32Array(tags.referenceCount);
    for (let r = 0; r < refIds.length; r++) refIds[r] = idOf(t[first + r * REFERENCE_FIELDS + TagField.name]!, 0);
    const order = Array.from(refIds.keys()).sort((a, b) => refIds[a]! - refIds[b]! || a - b);
    const out = new VarintWriter();
    const group = this.refGroup;
    for (let at = 0; at < order.length; ) {
      const id = refIds[order[at]!]!;
      group.reset();
      for (; at < order.length && refIds[order[at]!] === id; at++) {
        const p = first + order[at]! * REFERENCE_FIELDS;
        const r = p + TagField.referenceRange;
        group.push(t[p + TagField.kind]!);
        group.push(t[r]!);
        group.push(t[r + 1]!);
        group.push(t[r + 2]! - t[r]!);
        group.push(t[r + 3]!);
      }
      out.push(id);
      out.push(group.size);
      out.append(group);
    }
    this.ops.num(Op.Refs, contentId);
    this.ops.blob(out.bytes());
  }

  /**
   * Drops the names and content hashes remembered from this session's writes (after a
   * cold build: every name and hash) once they are committed: later writes look up what
   * they need in the database, as after a warm start.
   */
  async forgetLookups(): Promise<void> {
    await this.flushed();
    this.names.clear();
    this.nameKinds = new Uint16Array(1 << 12);
    this.contents.clear();
    this.namesComplete = false;
    this.contentsComplete = false;
  }

  /** Forgets every content's tags (the extractor changed): all are parsed again. */
  resetTags(): void {
    this.ops.num(Op.ResetTags);
    this.contentFlagTable.clearAll(ContentFlag.Parsed);
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
    const { present, contentIds } = this.files;
    for (let slot = 0; slot < present.length; slot++) if (present[slot] === 1 && contentIds[slot]! >= 0) live.add(contentIds[slot]!);
    return Int32Array.from(live);
  }

  /** Closes the read-only lookup connection; unposted changes are dropped. */
  close(): void {
    this.db.close();
  }
}
