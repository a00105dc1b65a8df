import { sql, type Kysely } from 'kysely';

/** The UTC month containing `ms`, and the one after, as partition names and [from, to) bounds in epoch ms. */
export function monthPartitions(ms: number): { name: string; from: number; to: number }[] {
  const d = new Date(ms);
  return [0, 1].map((k) => {
    const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
    const to = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k + 1, 1);
    const start = new Date(from);
    return { name: `audit_events_y${start.getUTCFullYear()}m${String(start.getUTCMonth() + 1).padStart(2, '0')}`, from, to };
  });
}

/**
 * PostgreSQL only: makes sure this month's and next month's partitions of `audit_events`
 * (by server receive time) exist, ahead of need, so the DEFAULT partition stays a safety net
 * that normally holds nothing. Safe to run from several replicas at once.
 */
export async function ensureMonthlyPartitions(db: Kysely<unknown>, now: number = Date.now()): Promise<void> {
  for (const p of monthPartitions(now)) await createPartition(db, p.name, `for values from (${p.from}) to (${p.to})`);
}

/**
 * Creates one partition with a TRUNCATE guard of its own: row triggers reach partitions
 * from the parent, but a TRUNCATE aimed at a partition directly does not fire the parent's.
 */
export async function createPartition(db: Kysely<unknown>, name: string, bounds: string): Promise<void> {
  try {
    await sql.raw(`create table if not exists ${name} partition of audit_events ${bounds}`).execute(db);
  } catch (e) {
    // Another replica created it between our check and our create: that is the goal anyway.
    if ((e as { code?: string }).code !== '42P07') throw e;
  }
  await sql.raw(`create or replace trigger ${name}_no_truncate before truncate on ${name} for each statement execute function audit_append_only()`).execute(db);
}
