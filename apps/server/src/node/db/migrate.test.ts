import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from './connect.js';
import type { Db } from './connect.js';
import { migrate, MigrationError } from './migrate.js';
import { migrations } from './migrations.js';
import { testEngines } from './testDatabases.js';
import type { TestDatabase } from './testDatabases.js';

describe.each(testEngines)('migrations on %s', (_name, create) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    tdb = await create();
    db = openDb(tdb.target);
  });
  afterEach(async () => {
    await db.close();
    await tdb.drop();
  });

  it('applies every migration once and is idempotent', async () => {
    expect(await migrate(db)).toEqual(migrations.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const rows = await db.kysely.selectFrom('schema_migrations').selectAll().execute();
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  it('rolls a failing migration back whole', async () => {
    await migrate(db);
    const broken = [
      ...migrations,
      {
        version: 999,
        name: 'broken',
        async up(k: Parameters<(typeof migrations)[number]['up']>[0]) {
          await k.schema.createTable('half_done').addColumn('x', 'integer').execute();
          throw new Error('boom');
        },
      },
    ];
    await expect(migrate(db, broken)).rejects.toThrow('boom');
    const tables = (await db.kysely.introspection.getTables()).map((t) => t.name);
    expect(tables).not.toContain('half_done');
  });

  it('refuses a database newer than the build', async () => {
    await migrate(db);
    await db.kysely.insertInto('schema_migrations').values({ version: 1000, name: 'future', applied_at: 0 }).execute();
    await expect(migrate(db)).rejects.toBeInstanceOf(MigrationError);
  });

  it('stores and reads epoch seconds as numbers', async () => {
    await migrate(db);
    await db.kysely
      .insertInto('orgs')
      .values({ id: 'o1', slug: 'acme', name: 'Acme', allow_jit: 1, mfa_required: 0, mfa_acr_values: '[]', mfa_max_auth_age: 600, created_at: 4_000_000_000 })
      .execute();
    const row = await db.kysely.selectFrom('orgs').selectAll().where('slug', '=', 'acme').executeTakeFirstOrThrow();
    expect(row.created_at).toBe(4_000_000_000);
  });
});
