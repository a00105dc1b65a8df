import { FileTable, NameTable } from './catalogTables.js';
import { currentInode, isCorruption, openIndexForRead, type SqliteDb } from './openDatabase.js';

/**
 * Flags by content id in a typed array (ids are dense), stored as flags + 1 so that 0
 * means an unknown id: find in files tests every listed file's flags, and a Map lookup
 * each cost ~10 ms per 100k files.
 */
export class ContentFlagTable {
  private flags = new Uint16Array(1024);

  get(id: number): number | undefined {
    const v = id < this.flags.length ? this.flags[id]! : 0;
    return v === 0 ? undefined : v - 1;
  }

  set(id: number, flags: number): void {
    if (id >= this.flags.length) {
      const bigger = new Uint16Array(Math.max(id + 1, this.flags.length * 2));
      bigger.set(this.flags);
      this.flags = bigger;
    }
    this.flags[id] = flags + 1;
  }
}

/**
 * A read-only connection plus in-memory tables refreshed from it. Each query calls
 * `refresh()` first: when nothing was committed since (`PRAGMA data_version`) it costs one
 * pragma; otherwise only rows whose version is newer are read. A new epoch (the writer
 * deleted rows) or a replaced database file (a rebuild) triggers a full reload.
 */
export class IndexReader {
  files = new FileTable();
  names = new NameTable();
  contentFlags = new ContentFlagTable();
  /** Bumped whenever the tables change: lets searches cache what they derive from them. */
  generation = 0;
  private db: SqliteDb | undefined;
  private inode: number | undefined;
  private dataVersion = -1;
  private version = -1;
  private epoch = -1;

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
      this.files = new FileTable();
      this.names = new NameTable();
      this.contentFlags = new ContentFlagTable();
    }
    for (const [id, root, rel, contentId, state, present] of db.prepare('SELECT id, root, rel, content_id, state, present FROM files WHERE version > ?').raw().all(since) as [number, number, string, number | null, number, number][]) {
      if (present) this.files.upsert(id, root, rel, contentId, state);
      else this.files.remove(id);
    }
    for (const [id, name, kinds] of db.prepare('SELECT id, name, kinds FROM names WHERE version > ?').raw().all(since) as [number, string, number][]) {
      this.names.upsert(id, name, kinds);
    }
    for (const [id, flags] of db.prepare('SELECT id, flags FROM contents WHERE version > ?').raw().all(since) as [number, number][]) {
      this.contentFlags.set(id, flags);
    }
    this.version = version;
    this.epoch = epoch;
    this.generation++;
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
  }
}
