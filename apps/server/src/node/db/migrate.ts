import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Db } from './connect.js';
import { migrations as allMigrations } from './migrations.js';
import type { Migration } from './migrations.js';
import type { Database } from './schema.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Arbitrary constant: replicas starting together queue on it instead of racing. */
const PG_LOCK_KEY = 0x6d617269;

/**
 * Applies pending migrations in one transaction (both engines have transactional DDL), so a
 * failure leaves the schema as it was. A database newer than this build is refused: no downgrades.
 */
export async function migrate(db: Db, migrations: Migration[] = allMigrations): Promise<number[]> {
  return db.kysely.transaction().execute(async (trx) => {
    if (db.kind === 'postgres') await sql`select pg_advisory_xact_lock(${PG_LOCK_KEY})`.execute(trx);
    await trx.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    const done = new Set((await trx.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => !known.has(v));
    if (unknown.length) {
      throw new MigrationError(`the database has schema version(s) ${unknown.join(', ')} that this build does not know; run a newer marie-server`);
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await m.up(trx as unknown as Kysely<unknown>);
      await (trx as Kysely<Database>)
        .insertInto('schema_migrations')
        .values({ version: m.version, name: m.name, applied_at: Math.floor(Date.now() / 1000) })
        .execute();
      applied.push(m.version);
    }
    return applied;
  });
}
