import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

/**
 * Totals and the file list read straight from the index database. WorkspaceIndex exposes
 * neither yet (the indexer should grow `totals()` and a file iterator; until then this is
 * the one place in the host that knows the `files` and `symbols` tables). A short-lived
 * read-only connection per call: a rebuild may replace the database file at any time.
 */
export interface IndexTotals {
  files: number;
  bytes: number;
  /** Definitions counted once per file (identical files share stored rows). */
  symbols: number;
}

const EMPTY: IndexTotals = { files: 0, bytes: 0, symbols: 0 };

function withReader<T>(dbPath: string, fallback: T, read: (db: Database.Database) => T): T {
  if (!existsSync(dbPath)) return fallback;
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 2000');
    return read(db);
  } catch {
    // Being rebuilt or damaged: the index repairs itself; totals are advisory.
    return fallback;
  } finally {
    db?.close();
  }
}

export function readTotals(dbPath: string): IndexTotals {
  return withReader(dbPath, EMPTY, (db) => {
    const files = db.prepare('SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM files WHERE present = 1').get() as { files: number; bytes: number };
    // Grouped on both sides first: no per-file lookups, so it stays cheap while the
    // symbols(content_id) index is still deferred during a cold build.
    const symbols = db
      .prepare(
        `SELECT coalesce(sum(s.n * f.k), 0) FROM
           (SELECT content_id, count(*) AS n FROM symbols GROUP BY content_id) s
           JOIN (SELECT content_id, count(*) AS k FROM files WHERE present = 1 AND content_id IS NOT NULL GROUP BY content_id) f
           USING (content_id)`,
      )
      .pluck()
      .get() as number;
    return { files: files.files, bytes: files.bytes, symbols };
  });
}

/** Listed files that have parsed content, as (root index, '/'-separated path), in path order. */
export function listParsedFiles(dbPath: string): { root: number; rel: string }[] {
  return withReader(dbPath, [], (db) => db.prepare('SELECT root, rel FROM files WHERE present = 1 AND content_id IS NOT NULL ORDER BY root, rel').all() as { root: number; rel: string }[]);
}
