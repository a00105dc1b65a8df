import { closeSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { LocalStoreError } from '../../common/localStore/localStoreError.js';

export type SqliteDatabase = Database.Database;

/**
 * Opens (or creates) a SQLite3MultipleCiphers database encrypted page by page with
 * ChaCha20-Poly1305 under `key`, then proves it whole: a wrong key, a short file or any
 * altered page is reported with a code instead of surfacing later as odd query results.
 */
export function openEncryptedDatabase(path: string, key: Uint8Array, options: { create: boolean }): SqliteDatabase {
  if (key.length !== 32) throw new TypeError('the data key must be 32 bytes');
  const size = fileSize(path);
  if (size === null && !options.create) throw new LocalStoreError('store-truncated', `${path} is missing`);
  // SQLite would treat an empty file as a new database: for an existing store it means lost data.
  if (size === 0 && !options.create) throw new LocalStoreError('store-truncated', `${path} is empty`);
  if (size === null) closeSync(openSync(path, 'wx', 0o600));

  const db = new Database(path);
  try {
    // Named explicitly so a change of the library's default cipher cannot change our format.
    db.pragma(`cipher = 'chacha20'`);
    // A raw 256-bit key (x'…'): the data key is random, so a password KDF would only cost time.
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
    // First read of the file: a wrong key, a bad first page or a short file fails here.
    verify(db, path);
    // Rollback journal, fsync on every commit: a kill or power cut loses no acknowledged write.
    // A store that switched its file to WAL (the audit outbox) stays in WAL: leaving it would
    // need every other process to close the file first.
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    return db;
  } catch (e) {
    db.close();
    throw asStoreError(e, path);
  }
}

function verify(db: SqliteDatabase, path: string): void {
  // Reading page 1 also rolls back a hot journal left by a crash, before the size is compared.
  let pageCount: number;
  try {
    pageCount = db.pragma('page_count', { simple: true }) as number;
  } catch (e) {
    // Page 1 decrypted and authenticated (else NOTADB), so its header is genuine: SQLite's
    // "malformed" here means the file holds fewer pages than that header counts.
    if (String((e as { code?: unknown }).code).startsWith('SQLITE_CORRUPT')) throw new LocalStoreError('store-truncated', `${path} is truncated: shorter than its header says`, { cause: e });
    throw e;
  }
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // In WAL mode pages committed since the last checkpoint live in the WAL, possibly beyond the
  // end of the database file: each WAL frame may stand for one missing page. The WAL is measured
  // first: a checkpoint by another process only moves frames into the database file (which
  // never shrinks) before it empties the WAL.
  const walPages = walFrames(path, pageSize);
  const size = fileSize(path) ?? 0;
  if (size % pageSize !== 0 || size + walPages * pageSize < pageCount * pageSize) {
    throw new LocalStoreError('store-truncated', `${path} is truncated: ${size} bytes (and ${walPages} WAL frames) for ${pageCount} pages of ${pageSize}`);
  }
  // Decrypts every page, so a flipped byte anywhere fails its Poly1305 tag now.
  const result = db.pragma('quick_check', { simple: true });
  if (result !== 'ok') throw new LocalStoreError('store-corrupt', `${path} failed its integrity check: ${String(result)}`);
}

/** SQLite's codes for undecryptable or inconsistent pages, as stable store errors. */
export function asStoreError(e: unknown, path: string): unknown {
  if (e instanceof LocalStoreError) return e;
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB') {
    return new LocalStoreError('store-corrupt', `${path} cannot be decrypted: its first page is damaged or tampered, or it was encrypted with another key`, { cause: e });
  }
  if (code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) {
    return new LocalStoreError('store-corrupt', `${path} is damaged or tampered: a page failed authentication or its structure is inconsistent`, { cause: e });
  }
  return e;
}

/** Frames in `<path>-wal` (a 32-byte header, then frames of a 24-byte header and a page). */
function walFrames(path: string, pageSize: number): number {
  const size = fileSize(`${path}-wal`) ?? 0;
  return size > 32 ? Math.floor((size - 32) / (pageSize + 24)) : 0;
}

function fileSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
