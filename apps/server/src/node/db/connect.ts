import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DbTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export interface Db {
  kysely: Kysely<Database>;
  kind: DbTarget['kind'];
  /** PostgreSQL only: the pool behind `kysely`, for what kysely cannot send (COPY; see pgTransaction.ts). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

const INT8_OID = 20;

export function openDb(target: DbTarget): Db {
  if (target.kind === 'sqlite') {
    mkdirSync(dirname(target.file), { recursive: true });
    const sqlite = new BetterSqlite3(target.file);
    // WAL lets readers proceed while the single connection writes; busy_timeout rides out a CLI write.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { kysely, kind: 'sqlite', close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    // Epoch seconds live in bigint columns; they fit a JS number, so read them as one.
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text')) },
  });
  // A pooled connection can be ended under us (server restart, an administrator's terminate,
  // a database dropped while the pool closes): the pool discards that client and emits
  // 'error', which without a listener would crash the process.
  pool.on('error', (error: Error & { code?: string }) => process.stderr.write(`postgres: a pooled connection ended (${error.code ?? 'no code'})\n`));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, kind: 'postgres', pool, close: () => kysely.destroy() };
}
