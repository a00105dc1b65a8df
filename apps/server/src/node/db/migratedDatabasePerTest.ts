// Imports vitest, so only test files may import this (benchmarks use testDatabases.ts).
import { afterEach, beforeEach } from 'vitest';
import { openDb, type Db } from './connect.js';
import { migrate } from './migrate.js';
import type { TestDatabase } from './testDatabases.js';

/**
 * Test-only: a fresh, migrated database for each test of the calling suite, closed and
 * dropped after it. Read `current()` inside tests (it changes per test).
 */
export function migratedDatabasePerTest(create: () => Promise<TestDatabase>): { current(): Db } {
  let tdb: TestDatabase | undefined;
  let db: Db | undefined;
  beforeEach(async () => {
    tdb = await create();
    db = openDb(tdb.target);
    await migrate(db);
  });
  afterEach(async () => {
    await db?.close();
    await tdb?.drop();
  });
  return { current: () => db! };
}
