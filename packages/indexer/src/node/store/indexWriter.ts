import type { Statement } from 'better-sqlite3';
import type { FileTags, ParseOutcome } from '../../common/tags.js';
import { VarintWriter } from '../../common/varint.js';
import type { SqliteDb } from './openDatabase.js';
import { ContentFlag, FileState, REFERENCE_KINDS, SECONDARY_INDEXES, SYMBOL_KINDS } from './schema.js';

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

/**
 * The only connection that writes the index. Changes go into one open transaction that is
 * committed in batches (every few dozen milliseconds, or at once for an editor save), so
 * thousands of small writes cost one fsync. Every row touched in a batch gets the batch's
 * version, which readers use to refresh incrementally. Holds in memory what it needs to
 * decide writes without reading back: stored files, contents by hash, and name ids.
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
  private nextContentId: number;
  /** The tables were empty at open (a cold build): a miss in memory is a miss, no query needed. */
  private readonly namesComplete: boolean;
  private readonly contentsComplete: boolean;
  private nextNameId: number;
  private version: number;
  private inTransaction = false;
  private readonly s: Record<string, Statement>;

  constructor(private readonly db: SqliteDb) {
    this.version = Number(this.meta('version') ?? 0);
    this.s = {
      insertFile: db.prepare('INSERT INTO files (root, rel, size, mtime, content_id, state, present, version) VALUES (?, ?, ?, ?, ?, ?, 1, ?)'),
      updateFile: db.prepare('UPDATE files SET size = ?, mtime = ?, content_id = ?, state = ?, present = 1, version = ? WHERE id = ?'),
      removeFile: db.prepare('UPDATE files SET present = 0, content_id = NULL, version = ? WHERE id = ?'),
      insertContent: db.prepare('INSERT INTO contents (id, hash, size, flags, version) VALUES (?, ?, ?, ?, ?)'),
      setContentFlags: db.prepare('UPDATE contents SET flags = ?, version = ? WHERE id = ?'),
      setParsed: db.prepare('UPDATE contents SET flags = ?, language = ?, parse_error = ?, version = ? WHERE id = ?'),
      insertName: db.prepare('INSERT INTO names (id, name, kinds, version) VALUES (?, ?, ?, ?)'),
      updateNameKinds: db.prepare('UPDATE names SET kinds = ?, version = ? WHERE id = ?'),
      insertSymbol: db.prepare('INSERT INTO symbols VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertRefs: db.prepare('INSERT OR REPLACE INTO refs (content_id, data) VALUES (?, ?)'),
      setMeta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      contentByHash: db.prepare('SELECT id FROM contents WHERE hash = ?').pluck(),
      nameByText: db.prepare('SELECT id, kinds FROM names WHERE name = ?'),
    };
    // `.raw().all()`: several times faster than iterating row objects, which matters for
    // a warm start over 100k files.
    for (const [id, root, rel, size, mtime, contentId, state, present] of db.prepare('SELECT id, root, rel, size, mtime, content_id, state, present FROM files').raw().all() as [number, number, string, number, number, number | null, number, number][]) {
      this.files.set(fileKey(root, rel), { id, root, rel, size, mtime, contentId, state, present: present === 1 });
    }
    let maxContent = 0;
    for (const [id, flags] of db.prepare('SELECT id, flags FROM contents').raw().all() as [number, number][]) {
      this.contentById.set(id, { id, flags });
      if (id > maxContent) maxContent = id;
    }
    this.nextContentId = Math.max(maxContent + 1, Number(this.meta('next_content_id') ?? 1));
    const maxName = (db.prepare('SELECT max(id) FROM names').pluck().get() as number | null) ?? 0;
    this.namesComplete = maxName === 0;
    this.contentsComplete = maxContent === 0;
    this.nextNameId = maxName + 1;
  }

  meta(key: string): unknown {
    return this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  }

  /** Opens the batch transaction if none is open; every write goes through here. */
  private begin(): number {
    if (!this.inTransaction) {
      this.db.exec('BEGIN');
      this.inTransaction = true;
      this.version++;
    }
    return this.version;
  }

  get pending(): boolean {
    return this.inTransaction;
  }

  /** Commits the open batch, if any. */
  commit(): void {
    if (!this.inTransaction) return;
    this.s.setMeta!.run('version', this.version);
    this.s.setMeta!.run('next_content_id', this.nextContentId);
    this.db.exec('COMMIT');
    this.inTransaction = false;
  }

  /** Drops the open batch (after an error) and forgets nothing in memory: callers rebuild. */
  rollback(): void {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    try {
      this.db.exec('ROLLBACK');
    } catch {
      /* the transaction may already be gone */
    }
  }

  setMeta(key: string, value: string | number): void {
    this.begin();
    this.s.setMeta!.run(key, value);
  }

  contentByHash(hash: string): StoredContent | undefined {
    let c = this.contents.get(hash);
    if (c || this.contentsComplete) return c;
    const id = this.s.contentByHash!.get(Buffer.from(hash, 'hex')) as number | undefined;
    c = id === undefined ? undefined : this.contentById.get(id);
    if (c) this.contents.set(hash, c);
    return c;
  }

  contentFlags(id: number): number {
    return this.contentById.get(id)?.flags ?? 0;
  }

  /** Registers a new content (its tags and text come later) and returns its id. */
  addContent(hash: string, size: number, flags: number): StoredContent {
    const version = this.begin();
    const c = { id: this.nextContentId++, flags };
    this.s.insertContent!.run(c.id, Buffer.from(hash, 'hex'), size, flags, version);
    this.contents.set(hash, c);
    this.contentById.set(c.id, c);
    return c;
  }

  setContentFlags(id: number, flags: number): void {
    const c = this.contentById.get(id);
    if (!c || c.flags === flags) return;
    c.flags = flags;
    this.s.setContentFlags!.run(flags, this.begin(), id);
  }

  upsertFile(root: number, rel: string, size: number, mtime: number, state: number, contentId: number | null): StoredFile {
    const version = this.begin();
    const key = fileKey(root, rel);
    const existing = this.files.get(key);
    if (existing) {
      this.s.updateFile!.run(size, mtime, contentId, state, version, existing.id);
      Object.assign(existing, { size, mtime, state, contentId, present: true });
      return existing;
    }
    const id = Number(this.s.insertFile!.run(root, rel, size, mtime, contentId, state, version).lastInsertRowid);
    const row: StoredFile = { id, root, rel, size, mtime, contentId, state, present: true };
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
    this.s.removeFile!.run(this.begin(), row.id);
    row.present = false;
    row.contentId = null;
    row.state = FileState.Pending;
  }

  private nameId(name: string, kindBit: number): number {
    let packed = this.names.get(name);
    if (packed === undefined && !this.namesComplete) {
      const row = this.s.nameByText!.get(name) as { id: number; kinds: number } | undefined;
      if (row) this.names.set(name, (packed = packName(row.id, row.kinds)));
    }
    if (packed === undefined) {
      const id = this.nextNameId++;
      this.names.set(name, packName(id, kindBit));
      this.s.insertName!.run(id, name, kindBit, this.version);
      return id;
    }
    const id = Math.floor(packed / KINDS_SPAN);
    const kinds = packed % KINDS_SPAN;
    if ((kinds | kindBit) !== kinds) {
      this.names.set(name, packName(id, kinds | kindBit));
      this.s.updateNameKinds!.run(kinds | kindBit, this.version, id);
    }
    return id;
  }

  /** Stores a content's parse outcome: its symbols and references, or why there are none. */
  putTags(contentId: number, outcome: ParseOutcome): void {
    const version = this.begin();
    const c = this.contentById.get(contentId);
    if (!c) return;
    c.flags |= ContentFlag.Parsed;
    if (!outcome.ok) {
      this.s.setParsed!.run(c.flags, null, `${outcome.reason}: ${outcome.message}`, version, contentId);
      return;
    }
    this.insertTags(contentId, outcome.tags);
    this.s.setParsed!.run(c.flags, outcome.tags.language, null, version, contentId);
  }

  private insertTags(contentId: number, tags: FileTags): void {
    for (const d of tags.definitions) {
      const kind = KIND_INDEX.get(d.kind) ?? KIND_INDEX.get('variable')!;
      const nameId = this.nameId(d.name, 1 << kind);
      const containerId = d.container === undefined ? null : this.nameId(d.container, 0);
      const r = d.range;
      const f = d.fullRange;
      this.s.insertSymbol!.run(contentId, nameId, kind, containerId, r.startLine, r.startColumn, r.endLine, r.endColumn, f.startLine, f.startColumn, f.endLine, f.endColumn);
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
    this.s.insertRefs!.run(contentId, out.bytes());
  }

  /** Runs `fn` inside the current batch (for the text index's own statements). */
  withinBatch<T>(fn: (version: number) => T): T {
    return fn(this.begin());
  }

  /** Forgets every content's tags (the extractor changed): all are parsed again. */
  resetTags(): void {
    const version = this.begin();
    this.db.exec('DELETE FROM symbols; DELETE FROM refs;');
    this.db.prepare(`UPDATE contents SET flags = flags & ~${ContentFlag.Parsed}, language = NULL, parse_error = NULL, version = ?`).run(version);
    for (const c of this.contentById.values()) c.flags &= ~ContentFlag.Parsed;
  }

  /** Remembers a file the user opened (quick open ranks recent files higher). */
  recordRecent(key: string): void {
    this.begin();
    // Strictly increasing, so two files opened in the same millisecond keep their order.
    const latest = (this.db.prepare('SELECT MAX(opened_at) FROM recent').pluck().get() as number | null) ?? 0;
    this.db.prepare('INSERT OR REPLACE INTO recent (path, opened_at) VALUES (?, ?)').run(key, Math.max(Date.now(), latest + 1));
  }

  /** Creates the lookup indexes a cold build deferred. */
  buildSecondaryIndexes(): void {
    this.commit();
    this.db.exec(SECONDARY_INDEXES);
    this.setMeta('indexes', 'built');
    this.commit();
  }

  /**
   * Deletes contents no present file uses, with their symbols and references. Kept until
   * now on purpose: switching branches back and forth finds them again by hash.
   */
  collectGarbage(): number {
    this.commit();
    const used = new Set<number>();
    for (const f of this.files.values()) if (f.present && f.contentId !== null) used.add(f.contentId);
    const dead = [...this.contentById.keys()].filter((id) => !used.has(id));
    if (dead.length === 0) return 0;
    const version = this.begin();
    const delSymbols = this.db.prepare('DELETE FROM symbols WHERE content_id = ?');
    const delRefs = this.db.prepare('DELETE FROM refs WHERE content_id = ?');
    const delContent = this.db.prepare('DELETE FROM contents WHERE id = ?');
    for (const id of dead) {
      delSymbols.run(id);
      delRefs.run(id);
      delContent.run(id);
      this.contentById.delete(id);
    }
    for (const [hash, c] of this.contents) if (!this.contentById.has(c.id)) this.contents.delete(hash);
    // Readers drop removed contents on a full reload, which a new epoch asks for.
    this.s.setMeta!.run('epoch', version);
    this.commit();
    return dead.length;
  }

  /** Forgets deleted-file rows (readers reload fully on the new epoch). */
  compactFiles(): void {
    this.commit();
    const version = this.begin();
    this.db.prepare('DELETE FROM files WHERE present = 0').run();
    for (const [key, f] of this.files) if (!f.present) this.files.delete(key);
    this.s.setMeta!.run('epoch', version);
    this.commit();
  }
}
