import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { migrations } from '../db/migrations.js';
import { testEngines, type TestDatabase } from '../db/testDatabases.js';
import { auditDb } from './tables.js';

describe.each(testEngines)('audit index migration on %s', (engine, create) => {
  let tdb: TestDatabase | undefined;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    await tdb?.drop();
  });

  // Every index on audit_events (and, on PostgreSQL, on each of its partitions) that covers actor_email.
  const actorIndexes = async (d: Db) => {
    const q =
      engine === 'postgres'
        ? sql<{ name: string }>`select indexname as name from pg_indexes where tablename like 'audit_events%' and indexdef like '%actor_email%'`
        : sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'audit_events' and sql like '%actor_email%'`;
    return (await q.execute(d.kysely)).rows.map((r) => r.name);
  };

  it('upgrades a database with events: the actor index goes, from every partition, and the rows and other indexes stay', async () => {
    tdb = await create();
    db = openDb(tdb.target);
    await migrate(db, migrations.filter((m) => m.version <= 4));
    const row = { org_id: 'o1', device_id: 'd1', seq: 1, id: 'e1', time_ms: 1, action: 'git.push', outcome: 'success', actor_sub: 's', actor_email: 'a@x.test', target: 't', hash: 'h', prev: 'p', status: 'ok', record: '{}', received_at: Date.now() };
    await auditDb(db).insertInto('audit_events').values(row).execute();
    const before = await actorIndexes(db);
    // The parent's index, and on PostgreSQL one per partition (default, this month, next month).
    expect(before).toHaveLength(engine === 'postgres' ? 4 : 1);
    expect(await migrate(db)).toEqual([5]);
    expect(await actorIndexes(db)).toEqual([]);
    expect(await auditDb(db).selectFrom('audit_events').select(['seq', 'actor_email']).execute()).toEqual([{ seq: 1, actor_email: 'a@x.test' }]);
    const indexes = engine === 'postgres' ? sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'audit_events'` : sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'audit_events' and sql is not null`;
    expect((await indexes.execute(db.kysely)).rows.map((r) => r.name)).toEqual(expect.arrayContaining(['audit_events_org_time', 'audit_events_org_action']));
  });
});
