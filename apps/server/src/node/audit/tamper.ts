import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

export type Tampering = { edit: number; replace: [string, string] } | { delete: number } | { swap: [number, number] } | { truncateAfter: number };

/**
 * Test-only: what a DBA (or an attacker with the database's owner rights) could do to one
 * device's rows on PostgreSQL, going around the append-only triggers with replica mode.
 * The tests then show that `marie audit verify` names the break.
 */
export async function tamperAuditRows(db: Db, device: string, t: Tampering): Promise<void> {
  if (db.kind !== 'postgres') throw new Error('tamperAuditRows is for PostgreSQL');
  await db.kysely.connection().execute(async (c) => {
    await sql`set session_replication_role = replica`.execute(c);
    try {
      if ('edit' in t) await sql`update audit_events set record = replace(record, ${t.replace[0]}, ${t.replace[1]}) where device_id = ${device} and seq = ${t.edit}`.execute(c);
      if ('delete' in t) await sql`delete from audit_events where device_id = ${device} and seq = ${t.delete}`.execute(c);
      if ('truncateAfter' in t) await sql`delete from audit_events where device_id = ${device} and seq > ${t.truncateAfter}`.execute(c);
      if ('swap' in t) {
        // Through -1: the primary key is checked per statement.
        const [a, b] = t.swap;
        await sql`update audit_events set seq = -1 where device_id = ${device} and seq = ${a}`.execute(c);
        await sql`update audit_events set seq = ${a} where device_id = ${device} and seq = ${b}`.execute(c);
        await sql`update audit_events set seq = ${b} where device_id = ${device} and seq = -1`.execute(c);
      }
    } finally {
      await sql`set session_replication_role = origin`.execute(c);
    }
  });
}
