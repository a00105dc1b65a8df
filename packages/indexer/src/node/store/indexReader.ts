import type { Statement } from 'better-sqlite3';
import { loadColumns } from './bulkLoad.js';
import { ContentFlagTable, FileTable, NameTable } from './catalogTables.js';
import { currentInode, isCorruption, openIndexForRead, type SqliteDb } from './openDatabase.js';

/**
 * A read-only connection plus in-memory tables refreshed from it. Each query calls
 * `refresh()` first: when nothing was committed since (`PRAGMA data_version`) it costs one
 * pragma; otherwise only rows whose version is newer are read. A new epoch (the writer
 * deleted rows) or a replaced database file (a rebuild) triggers a full reload.
 */
export class IndexReader {
  files = new FileTable();
  contentFlags = new ContentFlagTable();
  /** Bumped whenever the tables change: lets searches cache what they derive from them. */
  generation = 0;
  private db: SqliteDb | undefined;
  private inode: number | undefined;
  private dataVersion = -1;
  private version = -1;
  private epoch = -1;
  private lookups: { id: Statement; name: Statement } | undefined;
  private nameTable = new NameTable();
  private namesVersion = -1;
  private namesEpoch = -1;

  constructor(
    private readonly dir: string,
    private readonly onCorruption: (error: unknown) => void = () => undefined,
  ) {}

  get connection(): SqliteDb | undefined {
    return this.db;
  }

  /** Brings the tables up to date; false while no usable database exists. */
  refresh(): boolean {
    if (this.db && currentInode(this.dir) !== this.inode) this.close();
    if (!this.db) {
      const opened = openIndexForRead(this.dir);
      if (!opened) return false;
      this.db = opened.db;
      this.inode = opened.inode;
      this.dataVersion = -1;
      this.epoch = -1;
      this.namesEpoch = -1;
    }
    try {
      const dv = this.db.pragma('data_version', { simple: true }) as number;
      if (dv === this.dataVersion) return true;
      this.db.transaction(() => this.load())();
      this.dataVersion = dv;
      return true;
    } catch (error) {
      // Damaged or swapped underneath us: drop the connection; the writer rebuilds.
      this.close();
      if (isCorruption(error)) this.onCorruption(error);
      return false;
    }
  }

  private load(): void {
    const db = this.db!;
    const meta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
    const version = Number(meta.get('version'));
    const epoch = Number(meta.get('epoch'));
    const full = epoch !== this.epoch;
    const since = full ? -1 : this.version;
    if (full) {
      // Whole columns (bulkLoad.ts): ~4× faster than rows for 100k files, and the few
      // strings it parses are all the garbage (no row arrays).
      this.files = new FileTable();
      this.contentFlags = new ContentFlagTable();
      const [ids, roots, rels, contentIds, states] = loadColumns(db, 'files', [['id', 'num'], ['root', 'num'], ['rel', 'text'], ['ifnull(content_id, -1)', 'num'], ['state', 'num']], 'WHERE present = 1') as [number[], number[], string[], number[], number[]];
      for (let i = 0; i < ids.length; i++) this.files.upsert(ids[i]!, roots[i]!, rels[i]!, contentIds[i]! < 0 ? null : contentIds[i]!, states[i]!);
      const [contents, flags] = loadColumns(db, 'contents', [['id', 'num'], ['flags', 'num']]) as [number[], number[]];
      this.contentFlags.setAll(contents, flags);
    } else {
      // Row by row (`iterate`, not `all`): each row dies young instead of 100k rows being
      // alive at once (+50 MiB of heap at the end of a cold build, for no faster a load).
      for (const [id, root, rel, contentId, state, present] of db.prepare('SELECT id, root, rel, content_id, state, present FROM files WHERE version > ?').raw().iterate(since) as IterableIterator<[number, number, string, number | null, number, number]>) {
        if (present) this.files.upsert(id, root, rel, contentId, state);
        else this.files.remove(id);
      }
      for (const [id, flags] of db.prepare('SELECT id, flags FROM contents WHERE version > ?').raw().iterate(since) as IterableIterator<[number, number]>) {
        this.contentFlags.set(id, flags);
      }
    }
    this.version = version;
    this.epoch = epoch;
    this.generation++;
  }

  /** Whether the defined names are in memory (loaded by the first `names` since the last rebuild). */
  get namesLoaded(): boolean {
    return this.namesEpoch === this.epoch && this.namesVersion >= 0;
  }

  /**
   * Names with a definition (workspace symbols, go to definition), loaded on first use and
   * then kept current like the other tables: quick open, find in files and a window that
   * never searches symbols do without them (the first `status()` after a cold build
   * loaded them all and peaked there). Only names with a definition are loaded at all;
   * `nameId` and `nameOf` look the others up. A name gains kinds, never loses them.
   */
  get names(): NameTable {
    const db = this.db;
    if (db && (this.namesEpoch !== this.epoch || this.namesVersion < this.version)) {
      db.transaction(() => {
        const meta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
        const version = Number(meta.get('version'));
        const epoch = Number(meta.get('epoch'));
        if (epoch !== this.namesEpoch) {
          this.nameTable = new NameTable();
          this.namesVersion = -1;
        }
        for (const [id, name, kinds] of db.prepare('SELECT id, name, kinds FROM names WHERE version > ? AND kinds != 0').raw().iterate(this.namesVersion) as IterableIterator<[number, string, number]>) {
          this.nameTable.upsert(id, name, kinds);
        }
        this.namesVersion = version;
        this.namesEpoch = epoch;
      })();
    }
    return this.nameTable;
  }

  /** A name's id, whether or not it has a definition (references of a name only called). */
  nameId(name: string): number | undefined {
    const id = this.names.idOf(name);
    if (id !== undefined || !this.db) return id;
    return this.nameLookups().id.get(name) as number | undefined;
  }

  /** A name by id, whether or not it has a definition (a container may have none). */
  nameOf(id: number): string | undefined {
    const name = this.names.nameOf(id);
    if (name !== undefined || !this.db) return name;
    return this.nameLookups().name.get(id) as string | undefined;
  }

  private nameLookups(): { id: Statement; name: Statement } {
    this.lookups ??= { id: this.db!.prepare('SELECT id FROM names WHERE name = ?').pluck(), name: this.db!.prepare('SELECT name FROM names WHERE id = ?').pluck() };
    return this.lookups;
  }

  meta(key: string): unknown {
    return this.db?.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  }

  close(): void {
    try {
      this.db?.close();
    } catch {
      /* already gone */
    }
    this.db = undefined;
    this.inode = undefined;
    this.lookups = undefined;
  }
}
