import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from './connect.js';
import { postgresTestDatabase, type TestDatabase } from './testDatabases.js';

const ADMIN_URL = process.env.MARIE_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let database: TestDatabase | undefined;
afterEach(async () => database?.drop());

describe('the PostgreSQL pool', () => {
  it('survives its idle connections being terminated by the server, and serves the next query', async () => {
    database = await postgresTestDatabase();
    const db = openDb(database.target);
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      expect((await sql<{ one: number }>`select 1 as one`.execute(db.kysely)).rows[0]?.one).toBe(1);
      const name = new URL(database.target.kind === 'postgres' ? database.target.url : '').pathname.slice(1);
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 200));
      expect((await sql<{ two: number }>`select 2 as two`.execute(db.kysely)).rows[0]?.two).toBe(2);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await db.close();
    }
  });
});
