import { randomUUID } from 'node:crypto';
import { checkpointSigningInput, GENESIS_HASH, recordHashInput, type AuditCheckpoint } from '@marie/enterprise-agent';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { planBatch, type IngestPlan } from './continuity.js';
import type { IngestBatch } from './parseBatch.js';
import { sha256Hex, verifyEd25519 } from './serverCrypto.js';
import { auditDb, type AuditAlertTable, type AuditEventTable, type AuditHeadTable, type AuditTables } from './tables.js';

type Trx = Transaction<Database & AuditTables>;

export interface RegisteredDevice {
  device_id: string;
  org_id: string;
  public_key: string;
}

export interface IngestResult {
  /** Every record up to here is stored (or declared missing by an alert): the agent may delete it. */
  ackedSeq: number;
  stored: number;
  duplicates: number;
  alerts: number;
}

// Keeps each INSERT well under PostgreSQL's 65,535 bind parameters.
const CHUNK = 500;

/**
 * Stores one device's batch in one transaction: locks the device's head row (so replicas
 * ingesting the same device serialise), de-duplicates by (device, seq), checks continuity,
 * records alerts, and moves the head. A crash before COMMIT stores nothing; after COMMIT but
 * before the answer, the agent's retry finds only duplicates and gets the same acknowledgement.
 */
export async function ingestBatch(db: Db, device: RegisteredDevice, batch: IngestBatch, now: () => number = Date.now): Promise<IngestResult> {
  return auditDb(db)
    .transaction()
    .execute(async (trx) => {
      const head = await lockHead(trx, db.kind, device, now());
      const repeats = batch.events.filter((e) => e.seq <= head.seq).map((e) => e.seq);
      const stored = await storedHashes(trx, device.device_id, repeats);
      const plan = planBatch({ seq: head.seq, hash: head.hash }, batch.events, stored, (r) => sha256Hex(recordHashInput(r)));
      const received = now();
      const rows = plan.rows.map(({ record: r, status }): AuditEventTable => ({
        org_id: device.org_id,
        device_id: device.device_id,
        seq: r.seq,
        id: r.id,
        time_ms: Date.parse(r.time),
        action: r.action,
        outcome: r.outcome,
        actor_sub: r.actor?.sub ?? null,
        // Lower-cased for the user filter; the record text keeps what the device hashed.
        actor_email: r.actor?.email?.toLowerCase() ?? null,
        target: r.target,
        hash: r.hash,
        prev: r.prev,
        status,
        record: JSON.stringify(r),
        received_at: received,
      }));
      await insertEvents(trx, db.kind, rows);
      const alerts: Omit<AuditAlertTable, 'id' | 'org_id' | 'device_id' | 'at'>[] = plan.alerts.map((a) => ({ kind: a.kind, seq: a.seq, detail: a.detail }));
      const next: AuditHeadTable = { ...head, seq: plan.head.seq, hash: plan.head.hash };
      if (batch.checkpoint) alerts.push(...(await acceptCheckpoint(trx, device, batch.checkpoint, plan, next, received)));
      if (alerts.length) await trx.insertInto('audit_alerts').values(alerts.map((a) => ({ ...a, id: randomUUID(), org_id: device.org_id, device_id: device.device_id, at: received }))).execute();
      await trx.updateTable('audit_heads').set({ seq: next.seq, hash: next.hash, checkpoint_seq: next.checkpoint_seq, checkpoint_at: next.checkpoint_at, overdue_alerted: next.overdue_alerted }).where('device_id', '=', device.device_id).execute();
      return { ackedSeq: next.seq, stored: plan.rows.length, duplicates: plan.duplicates, alerts: alerts.length };
    });
}

async function insertEvents(trx: Trx, kind: Db['kind'], rows: AuditEventTable[]): Promise<void> {
  if (kind === 'postgres') {
    // One array per column through unnest: 16 bind parameters for any batch size, where a
    // multi-row VALUES would need 16 per row and cost PostgreSQL far more to parse and plan.
    for (let i = 0; i < rows.length; i += UNNEST_CHUNK) await insertUnnest(trx, rows.slice(i, i + UNNEST_CHUNK));
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx.insertInto('audit_events').values(rows.slice(i, i + CHUNK)).onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing()).execute();
  }
}

const UNNEST_CHUNK = 5000;

async function insertUnnest(trx: Trx, rows: AuditEventTable[]): Promise<void> {
  const col = <K extends keyof AuditEventTable>(k: K) => rows.map((r) => r[k]);
  await sql`insert into audit_events (org_id, device_id, seq, id, time_ms, action, outcome, actor_sub, actor_email, target, hash, prev, status, record, received_at)
    select * from unnest(${col('org_id')}::text[], ${col('device_id')}::text[], ${col('seq')}::bigint[], ${col('id')}::text[], ${col('time_ms')}::bigint[],
      ${col('action')}::text[], ${col('outcome')}::text[], ${col('actor_sub')}::text[], ${col('actor_email')}::text[], ${col('target')}::text[],
      ${col('hash')}::text[], ${col('prev')}::text[], ${col('status')}::text[], ${col('record')}::text[], ${col('received_at')}::bigint[])
    on conflict do nothing`.execute(trx);
}

async function lockHead(trx: Trx, kind: Db['kind'], device: RegisteredDevice, at: number): Promise<AuditHeadTable> {
  await trx
    .insertInto('audit_heads')
    .values({ device_id: device.device_id, org_id: device.org_id, seq: 0, hash: GENESIS_HASH, checkpoint_seq: 0, checkpoint_at: at, overdue_alerted: 0 })
    .onConflict((oc) => oc.column('device_id').doNothing())
    .execute();
  const q = trx.selectFrom('audit_heads').selectAll().where('device_id', '=', device.device_id);
  // SQLite has one writer (and kysely one connection), so only PostgreSQL needs the row lock.
  return (kind === 'postgres' ? q.forUpdate() : q).executeTakeFirstOrThrow();
}

async function storedHashes(trx: Trx, device: string, seqs: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += CHUNK) {
    const rows = await trx.selectFrom('audit_events').select(['seq', 'hash']).where('device_id', '=', device).where('seq', 'in', seqs.slice(i, i + CHUNK)).execute();
    for (const r of rows) out.set(Number(r.seq), r.hash);
  }
  return out;
}

/** Verifies and stores a checkpoint, comparing it with the chain as stored. Mutates `head`. */
async function acceptCheckpoint(trx: Trx, device: RegisteredDevice, cp: AuditCheckpoint, plan: IngestPlan, head: AuditHeadTable, at: number) {
  if (!verifyEd25519(device.public_key, checkpointSigningInput(cp), cp.sig)) {
    return [{ kind: 'bad-checkpoint', seq: cp.seq, detail: `a checkpoint for ${cp.seq} is not signed by the device's key` }];
  }
  await trx
    .insertInto('audit_checkpoints')
    .values({ device_id: device.device_id, seq: cp.seq, time: cp.time, hash: cp.hash, record: JSON.stringify(cp), received_at: at })
    .onConflict((oc) => oc.columns(['device_id', 'time', 'seq']).doNothing())
    .execute();
  head.checkpoint_seq = Math.max(head.checkpoint_seq, cp.seq);
  head.checkpoint_at = at;
  head.overdue_alerted = 0;
  if (cp.seq > head.seq) return [{ kind: 'missing-tail', seq: head.seq + 1, detail: `the device signed a head at ${cp.seq} but records after ${head.seq} never arrived` }];
  if (cp.seq === 0) return [];
  const inBatch = plan.rows.find((r) => r.record.seq === cp.seq)?.record.hash;
  const hash = inBatch ?? (await storedHashes(trx, device.device_id, [cp.seq])).get(cp.seq);
  if (hash !== undefined && hash !== cp.hash) return [{ kind: 'checkpoint-mismatch', seq: cp.seq, detail: `the stored record ${cp.seq} differs from the one the device signed` }];
  return [];
}

/**
 * Raises one `checkpoint-overdue` alert per device whose checkpoints stopped for longer
 * than `maxAgeMs`: an agent checkpoints even when idle, so silence means a cut-off tail,
 * a stopped agent or a blocked network, each worth a look.
 */
export async function alertOverdueCheckpoints(db: Db, maxAgeMs: number, now: number = Date.now()): Promise<number> {
  const k = auditDb(db);
  const late = await k.selectFrom('audit_heads').selectAll().where('checkpoint_at', '<', now - maxAgeMs).where('overdue_alerted', '=', 0).execute();
  for (const h of late) {
    await k.transaction().execute(async (trx) => {
      await trx.insertInto('audit_alerts').values({ id: randomUUID(), org_id: h.org_id, device_id: h.device_id, kind: 'checkpoint-overdue', seq: Number(h.seq), detail: `no checkpoint since ${new Date(Number(h.checkpoint_at)).toISOString()} (last acknowledged record ${h.seq})`, at: now }).execute();
      await trx.updateTable('audit_heads').set({ overdue_alerted: 1 }).where('device_id', '=', h.device_id).execute();
    });
  }
  return late.length;
}
