import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { auditDb } from './tables.js';

export interface RetentionRule {
  days: number | null;
  legalHold: boolean;
}

export async function getRetention(db: Db, orgId: string): Promise<RetentionRule> {
  const r = await auditDb(db).selectFrom('audit_retention').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  return { days: r?.days ?? null, legalHold: r?.legal_hold === 1 };
}

export async function setRetention(db: Db, orgId: string, userId: string, rule: RetentionRule): Promise<void> {
  const row = { org_id: orgId, days: rule.days, legal_hold: rule.legalHold ? 1 : 0, updated_by: userId, updated_at: Math.floor(Date.now() / 1000) };
  await auditDb(db)
    .insertInto('audit_retention')
    .values(row)
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ days: row.days, legal_hold: row.legal_hold, updated_by: row.updated_by, updated_at: row.updated_at }))
    .execute();
}

/**
 * Deletes each organisation's events (and alerts) received longer ago than its retention,
 * unless a legal hold is on. Received time (the server's clock), not the device's. The
 * append-only triggers let these deletes through only inside this transaction's gate.
 * Verification of what remains still works: an export then starts mid-chain, which
 * `marie audit verify` reports as a note, anchored by the first remaining record's `prev`.
 */
export async function purgeExpiredAudit(db: Db, now: number = Date.now()): Promise<number> {
  const k = auditDb(db);
  const rules = await k.selectFrom('audit_retention').selectAll().where('days', 'is not', null).where('legal_hold', '=', 0).execute();
  let purged = 0;
  for (const rule of rules) {
    const before = now - rule.days! * 86_400_000;
    purged += await k.transaction().execute(async (trx) => {
      if (db.kind === 'postgres') await sql`select set_config('marie.audit_purge', 'on', true)`.execute(trx);
      else await trx.insertInto('audit_purge_gate').values({ open: 1 }).execute();
      // Re-read under the transaction: a legal hold set meanwhile wins.
      const q = trx.selectFrom('audit_retention').select('legal_hold').where('org_id', '=', rule.org_id);
      const current = await (db.kind === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
      let n = 0;
      if (current?.legal_hold === 0) {
        n = Number((await trx.deleteFrom('audit_events').where('org_id', '=', rule.org_id).where('received_at', '<', before).executeTakeFirst()).numDeletedRows);
        await trx.deleteFrom('audit_alerts').where('org_id', '=', rule.org_id).where('at', '<', before).execute();
      }
      if (db.kind === 'sqlite') await trx.deleteFrom('audit_purge_gate').execute();
      return n;
    });
  }
  return purged;
}
