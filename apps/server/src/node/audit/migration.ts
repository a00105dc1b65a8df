import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from '../db/migrations.js';
import { createPartition, ensureMonthlyPartitions } from './partitions.js';

const APPEND_ONLY = ['audit_events', 'audit_checkpoints', 'audit_alerts'];

/**
 * Audit storage. The event, checkpoint and alert tables are append-only for every role,
 * the owner included: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL),
 * except DELETE inside a retention purge (retention.ts), which opens a per-transaction gate.
 * Someone with DDL rights can still disable them; that is what the hash chain and the
 * signed checkpoints (`marie audit verify`) catch.
 */
export const auditMigration: Migration = {
  version: 4,
  name: 'audit',
  async up(db) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('audit_devices')
      .addColumn('device_id', 'varchar(128)', (c) => c.primaryKey())
      .addColumn('org_id', 'varchar(64)', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('enrolled_by', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    let events = db.schema
      .createTable('audit_events')
      // No foreign keys: an org's deletion must not cascade into its audit trail.
      .addColumn('org_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('device_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('id', 'varchar(64)', (c) => c.notNull())
      .addColumn('time_ms', 'bigint', (c) => c.notNull())
      .addColumn('action', 'varchar(100)', (c) => c.notNull())
      .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor_sub', 'varchar(255)')
      .addColumn('actor_email', 'varchar(320)')
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('prev', 'varchar(64)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      // PostgreSQL partitions by month of receipt, and a partitioned table's key must contain the
      // partition column; ingest de-duplicates by (device, seq) under the device's head lock either way.
      .addPrimaryKeyConstraint('audit_events_pk', postgres ? ['device_id', 'seq', 'received_at'] : ['device_id', 'seq']);
    if (postgres) events = events.modifyEnd(sql`partition by range (received_at)`);
    await events.execute();
    // Keyset pagination walks (time, device, seq) within an org; the others serve the filters.
    await db.schema.createIndex('audit_events_org_time').on('audit_events').columns(['org_id', 'time_ms', 'device_id', 'seq']).execute();
    await db.schema.createIndex('audit_events_org_action').on('audit_events').columns(['org_id', 'action', 'time_ms']).execute();
    await db.schema.createIndex('audit_events_org_actor').on('audit_events').columns(['org_id', 'actor_email', 'time_ms']).execute();
    await db.schema
      .createTable('audit_checkpoints')
      .addColumn('device_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('time', 'varchar(40)', (c) => c.notNull())
      .addColumn('hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('record', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_checkpoints_pk', ['device_id', 'time', 'seq'])
      .execute();
    await db.schema
      .createTable('audit_alerts')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('org_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('device_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('seq', 'bigint')
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_alerts_org_at').on('audit_alerts').columns(['org_id', 'at']).execute();
    await db.schema
      .createTable('audit_heads')
      .addColumn('device_id', 'varchar(128)', (c) => c.primaryKey())
      .addColumn('org_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('checkpoint_seq', 'bigint', (c) => c.notNull())
      .addColumn('checkpoint_at', 'bigint', (c) => c.notNull())
      .addColumn('overdue_alerted', 'integer', (c) => c.notNull())
      .execute();
    // How far each SIEM sink has forwarded each device's chain (at-least-once delivery).
    await db.schema
      .createTable('audit_siem_cursors')
      .addColumn('sink', 'varchar(64)', (c) => c.notNull())
      .addColumn('device_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_siem_cursors_pk', ['sink', 'device_id'])
      .execute();
    // Per organisation: how long events are kept (null: for ever) and whether a legal hold suspends deletion.
    await db.schema
      .createTable('audit_retention')
      .addColumn('org_id', 'varchar(64)', (c) => c.primaryKey().references('orgs.id').onDelete('cascade'))
      .addColumn('days', 'integer')
      .addColumn('legal_hold', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    if (postgres) {
      await postgresAppendOnly(db);
      // After the trigger function exists: each partition gets its own TRUNCATE guard.
      await createPartition(db, 'audit_events_default', 'default');
      await ensureMonthlyPartitions(db);
    }
    else await sqliteAppendOnly(db);
  },
};

/**
 * Drops the (org, actor_email, time) index: no query used it (the user filter matches
 * actor_email or actor_sub, which that index alone cannot answer, so the planner walks the
 * time index), and every ingested row paid for it (a b-tree insert, about 3 µs a row in
 * PostgreSQL). On a partitioned table, dropping the parent's index drops the partitions' too.
 */
export const auditIndexMigration: Migration = {
  version: 5,
  name: 'audit-drop-actor-index',
  async up(db) {
    await db.schema.dropIndex('audit_events_org_actor').ifExists().execute();
  },
};

async function postgresAppendOnly(db: Kysely<unknown>): Promise<void> {
  // The one way rows leave: a retention purge, which sets marie.audit_purge for its own transaction (DELETE only).
  await sql`create function audit_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('marie.audit_purge', true) = 'on' then return old; end if;
      raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  for (const t of APPEND_ONLY) {
    await sql.raw(`create trigger ${t}_no_change before update or delete on ${t} for each row execute function audit_append_only()`).execute(db);
    await sql.raw(`create trigger ${t}_no_truncate before truncate on ${t} for each statement execute function audit_append_only()`).execute(db);
    // Roles other than the owner get no more than reading and inserting.
    await sql.raw(`revoke update, delete, truncate on ${t} from public`).execute(db);
  }
}

async function sqliteAppendOnly(db: Kysely<unknown>): Promise<void> {
  // SQLite has no session settings: a retention purge opens this gate inside its own transaction.
  await sql.raw('create table audit_purge_gate (open integer not null)').execute(db);
  for (const t of APPEND_ONLY) {
    await sql.raw(`create trigger ${t}_no_update before update on ${t} begin select raise(abort, '${t} is append-only'); end`).execute(db);
    await sql.raw(`create trigger ${t}_no_delete before delete on ${t} when not exists (select 1 from audit_purge_gate) begin select raise(abort, '${t} is append-only'); end`).execute(db);
  }
}
