import type { Statement } from 'better-sqlite3';
import { BatchedInsert } from './batchedInsert.js';
import { checkpoint, closeWriterDb, type SqliteDb } from './openDatabase.js';
import { ContentFlag, SECONDARY_INDEXES } from './schema.js';
import { TextIndexWriter, type TextBatches } from './textIndexWriter.js';
import { Op, OpDecoder, SYMBOL_FIELDS, type OpBatch } from './writeOps.js';

/** What a batch did that the writer thread acts on afterwards. */
export interface AppliedBatch {
  /** It ended a run: the text index gained rows, so it may need a merge. */
  flushedText: boolean;
  /** Buffers of many MiB became garbage, which only a full collection frees. */
  bigGarbage: boolean;
}

/**
 * The writing end of the index, on the writer thread: applies each batch of operations
 * the main thread decided (see indexWriter.ts) in one transaction, and owns the text
 * index's buffers. It decides nothing itself: ids, names and file states were settled on
 * the main thread, so a batch never has to ask anything back. Every row a batch touches
 * gets the batch's version, which readers use to refresh incrementally.
 */
export class StoreWriter implements TextBatches {
  readonly text: TextIndexWriter;
  version: number;
  private readonly s: Record<string, Statement>;
  private readonly symbols: BatchedInsert;

  constructor(private readonly db: SqliteDb) {
    this.version = Number(db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get() ?? 0);
    this.s = {
      insertFile: db.prepare('INSERT INTO files (id, root, rel, size, mtime, content_id, state, present, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)'),
      updateFile: db.prepare('UPDATE files SET size = ?, mtime = ?, content_id = ?, state = ?, present = 1, version = ? WHERE id = ?'),
      removeFile: db.prepare('UPDATE files SET present = 0, content_id = NULL, version = ? WHERE id = ?'),
      insertContent: db.prepare('INSERT INTO contents (id, hash, size, flags, version) VALUES (?, ?, ?, ?, ?)'),
      setParsed: db.prepare(`UPDATE contents SET flags = flags | ${ContentFlag.Parsed}, language = ?, parse_error = ?, version = ? WHERE id = ?`),
      insertName: db.prepare('INSERT INTO names (id, name, kinds, version) VALUES (?, ?, ?, ?)'),
      nameKinds: db.prepare('UPDATE names SET kinds = ?, version = ? WHERE id = ?'),
      insertRefs: db.prepare('INSERT OR REPLACE INTO refs (content_id, data) VALUES (?, ?)'),
      setMeta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      // Strictly increasing, so two files opened in the same millisecond keep their order.
      recent: db.prepare('INSERT OR REPLACE INTO recent (path, opened_at) VALUES (?, max(?, (SELECT coalesce(max(opened_at), 0) + 1 FROM recent)))'),
    };
    // A cold build inserts millions of rows: 32 to a statement.
    this.symbols = new BatchedInsert(db, 'INSERT INTO symbols VALUES', SYMBOL_FIELDS + 1, 32);
    this.text = new TextIndexWriter(db, this);
  }

  /** Applies one batch atomically: all of it is committed, or (it throws) none. */
  apply(batch: OpBatch): AppliedBatch {
    let applied: AppliedBatch = { flushedText: false, bigGarbage: false };
    this.transaction(() => (applied = this.run(new OpDecoder(batch))));
    return applied;
  }

  transaction(fn: (version: number) => void): void {
    this.db.exec('BEGIN');
    try {
      fn(++this.version);
      this.s.setMeta!.run('version', this.version);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private run(d: OpDecoder): AppliedBatch {
    const s = this.s;
    const applied = { flushedText: false, bigGarbage: false };
    while (!d.done) {
      const op = d.num();
      const version = this.version;
      switch (op) {
        case Op.InsertFile: {
          const [id, root, size, mtime, contentId, state] = [d.num(), d.num(), d.num(), d.num(), d.id(), d.num()];
          s.insertFile!.run(id, root, d.str(), size, mtime, contentId, state, version);
          break;
        }
        case Op.UpdateFile: {
          const [id, size, mtime, contentId, state] = [d.num(), d.num(), d.num(), d.id(), d.num()];
          s.updateFile!.run(size, mtime, contentId, state, version, id);
          break;
        }
        case Op.RemoveFile:
          s.removeFile!.run(version, d.num());
          break;
        case Op.InsertContent: {
          const [id, size, flags] = [d.num(), d.num(), d.num()];
          s.insertContent!.run(id, Buffer.from(d.str(), 'hex'), size, flags, version);
          break;
        }
        case Op.SetParsed:
          s.setParsed!.run(d.str(), null, version, d.num());
          break;
        case Op.SetParseError:
          s.setParsed!.run(null, d.str(), version, d.num());
          break;
        case Op.InsertName: {
          const [id, kinds] = [d.num(), d.num()];
          s.insertName!.run(id, d.str(), kinds, version);
          break;
        }
        case Op.NameKinds: {
          const [id, kinds] = [d.num(), d.num()];
          s.nameKinds!.run(kinds, version, id);
          break;
        }
        case Op.Symbol:
          this.symbol(d);
          break;
        case Op.Refs: {
          const contentId = d.num();
          s.insertRefs!.run(contentId, d.blob());
          break;
        }
        case Op.SetMeta: {
          const key = d.str();
          s.setMeta!.run(key, d.str());
          break;
        }
        case Op.TextAdd: {
          const contentId = d.num();
          this.text.add(contentId, d.blob());
          break;
        }
        case Op.TextFlush:
          applied.bigGarbage ||= this.text.finish();
          applied.flushedText = true;
          break;
        case Op.ResetTags:
          this.symbols.flush();
          this.db.exec('DELETE FROM symbols; DELETE FROM refs;');
          this.db.prepare(`UPDATE contents SET flags = flags & ~${ContentFlag.Parsed}, language = NULL, parse_error = NULL, version = ?`).run(version);
          break;
        case Op.RecordRecent:
          s.recent!.run(d.str(), Date.now());
          break;
        case Op.CreateIndexes:
          // One sorted pass over the bulk-loaded tables, outside the batch's transaction.
          this.symbols.flush();
          this.db.exec('COMMIT');
          this.db.exec(SECONDARY_INDEXES);
          this.db.exec('BEGIN');
          break;
        default:
          throw new Error(`unknown write op ${op}`);
      }
    }
    this.symbols.flush();
    return applied;
  }

  /** One symbol row: content id, name, kind, container (nullable), then the two ranges. */
  private symbol(d: OpDecoder): void {
    for (let f = 0; f <= SYMBOL_FIELDS; f++) this.symbols.put(f === 3 ? d.id() : d.num());
  }

  /** Lookups get slower with every segment and delta row; the main thread asks for a merge. */
  needsMerge(): boolean {
    return this.text.needsMerge();
  }

  checkpoint(): void {
    checkpoint(this.db);
  }

  /** Marks a clean shutdown and closes (buffered trigrams were flushed by the last batch). */
  close(): void {
    closeWriterDb(this.db);
  }
}
