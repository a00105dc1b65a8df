import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DbTarget } from './connect.js';

const ADMIN_URL = process.env.MARIE_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  target: DbTarget;
  drop(): Promise<void>;
}

/** Test-only: a fresh SQLite file in a temp folder. */
export function sqliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'marie-server-test-'));
  return { target: { kind: 'sqlite', file: join(dir, 'marie.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Test-only: a database created for this run on the local PostgreSQL and dropped afterwards. */
export async function postgresTestDatabase(): Promise<TestDatabase> {
  const name = `marie_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export const testEngines = [
  ['sqlite', async () => sqliteTestDatabase()],
  ['postgres', postgresTestDatabase],
] as const;
