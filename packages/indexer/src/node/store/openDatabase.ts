import Database from 'better-sqlite3';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE } from './location.js';
import { CREATE_TABLES, SCHEMA_VERSION } from './schema.js';

export type SqliteDb = Database.Database;

export type OpenReason = 'existing' | 'new' | 'schema' | 'corrupt' | 'roots';

export interface OpenedIndex {
  db: SqliteDb;
  /** 'existing': reused as is; anything else: a fresh, empty database and why. */
  reason: OpenReason;
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_VTAB', 'SQLITE_IOERR_SHORT_READ']);

/** Errors that mean "the file is damaged": the cure is to delete and rebuild. */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (CORRUPTION_CODES.has(code) || code.startsWith('SQLITE_CORRUPT'));
}

export function dbPath(dir: string): string {
  return join(dir, DB_FILE);
}

export function deleteDatabase(dir: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbPath(dir) + suffix, { force: true });
}

function applyWriterPragmas(db: SqliteDb): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Temporary files (the sorts of a deferred CREATE INDEX over millions of symbols) go to
  // disk, i.e. the page cache, not into the indexer's RSS; the page cache is 16 MiB: the
  // bulk writes append, and the random ones (file and hash unique indexes) fit in it.
  // Measured in docs/decisions.md ("Indexer cold build: memory").
  db.pragma('temp_store = FILE');
  db.pragma('cache_size = -16384');
  db.pragma('busy_timeout = 5000');
  // No checkpoint inside a commit: the writer thread runs them itself, after a batch's
  // answer is out (store/checkpointPacer.ts). A WAL grown large during a build is cut
  // back to this size once it restarts.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('journal_size_limit = 67108864');
}

/** Copies the WAL into the database without blocking readers; call when idle. */
export function checkpoint(db: SqliteDb): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    /* busy or damaged: the next one will do */
  }
}

function createFresh(dir: string, rootsKey: string): SqliteDb {
  deleteDatabase(dir);
  const db = new Database(dbPath(dir));
  applyWriterPragmas(db);
  db.exec(CREATE_TABLES);
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    put.run('roots', rootsKey);
    put.run('version', 0);
    put.run('epoch', 0);
    put.run('indexes', 'deferred');
    put.run('build', 'cold');
    put.run('clean_shutdown', 0);
  })();
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return db;
}

/**
 * Opens the writer's connection, creating or rebuilding the database when it is missing,
 * of another schema version, made for other roots, or damaged. A database that was not
 * closed cleanly gets `PRAGMA quick_check` before it is trusted.
 * Only the lease holder may call this: it may delete the files.
 */
export function openIndexForWrite(dir: string, roots: readonly string[]): OpenedIndex {
  mkdirSync(dir, { recursive: true });
  const rootsKey = JSON.stringify(roots);
  let existed = true;
  try {
    statSync(dbPath(dir));
  } catch {
    existed = false;
  }
  if (!existed) return { db: createFresh(dir, rootsKey), reason: 'new' };
  let db: SqliteDb | undefined;
  let reason: OpenReason;
  try {
    db = new Database(dbPath(dir));
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) reason = 'schema';
    else {
      applyWriterPragmas(db);
      const meta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
      if (meta.get('roots') !== rootsKey) reason = 'roots';
      else if (meta.get('clean_shutdown') !== 1 && db.pragma('quick_check', { simple: true }) !== 'ok') reason = 'corrupt';
      else {
        db.prepare("UPDATE meta SET value = 0 WHERE key = 'clean_shutdown'").run();
        return { db, reason: 'existing' };
      }
    }
  } catch (error) {
    // Not a database at all, a damaged header, a missing table: all mean rebuild.
    reason = isCorruption(error) ? 'corrupt' : 'schema';
  }
  try {
    db?.close();
  } catch {
    /* closing a damaged handle may fail too */
  }
  return { db: createFresh(dir, rootsKey), reason };
}

/** Marks a clean shutdown (skips the integrity check next time) and closes. */
export function closeWriterDb(db: SqliteDb): void {
  try {
    db.prepare("UPDATE meta SET value = 1 WHERE key = 'clean_shutdown'").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/**
 * A read-only connection for searches, or undefined while there is no usable database
 * (not built yet, another schema version, damaged): callers retry later.
 */
export function openIndexForRead(dir: string): { db: SqliteDb; inode: number } | undefined {
  let db: SqliteDb | undefined;
  try {
    const inode = statSync(dbPath(dir)).ino;
    db = new Database(dbPath(dir), { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32768');
    // No memory map: pages read through it count as this process's resident memory (the
    // first search after a cold build reads every name and file: +38 MiB at 25k files),
    // and the 32 MiB page cache serves the same reads. Measured in docs/decisions.md.
    db.pragma('mmap_size = 0');
    if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) throw new Error('schema');
    db.prepare("SELECT value FROM meta WHERE key = 'version'").get();
    return { db, inode };
  } catch {
    try {
      db?.close();
    } catch {
      /* ignore */
    }
    return undefined;
  }
}

/** The inode now at the database path (a rebuild replaces the file). */
export function currentInode(dir: string): number | undefined {
  try {
    return statSync(dbPath(dir)).ino;
  } catch {
    return undefined;
  }
}
