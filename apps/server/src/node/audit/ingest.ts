import { randomUUID } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { checkpointSigningInput, GENESIS_HASH, recordHashInput, type AuditCheckpoint, type AuditRecord } from '@marie/enterprise-agent';
import type { Transaction } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/connect.js';
import { pgTransaction } from '../db/pgTransaction.js';
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

// A lone UTF-16 surrogate (a device's broken file name) becomes U+FFFD in the columns, as UTF-8
// encoding by the drivers (and of the COPY text) makes it anyway; done here so both engines
// store the same whatever their driver. `record` keeps it: it is JSON text, where JSON.stringify writes it as an escape.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const text = (s: string) => s.replace(LONE_SURROGATE, '\ufffd');

// Keeps each INSERT well under SQLite's bind-parameter limit.
const CHUNK = 500;

// How long a pipelined upload waits for the upload before it (see `IngestBatch.after`).
const AFTER_WAIT_MS = 5_000;
const AFTER_POLL_MS = 3;

/**
 * Stores one device's batch in one transaction: locks the device's head row (so replicas
 * ingesting the same device serialise), de-duplicates by (device, seq), checks continuity,
 * records alerts, and moves the head. A crash before COMMIT stores nothing; after COMMIT but
 * before the answer, the agent's retry finds only duplicates and gets the same acknowledgement.
 *
 * A pipelined batch (`after` set) is stored only once the head has reached `after`, so two
 * uploads in flight are stored in order and never look like a gap. The earlier one usually
 * holds the head lock already and this one waits on the lock; if this one got there first, it
 * lets go and looks again after `pause` (the route gives its ingest slot up meanwhile, since the
 * earlier one may be queued behind it). Null when the earlier one did not arrive in time:
 * nothing stored.
 */
export async function ingestBatch(db: Db, device: RegisteredDevice, batch: IngestBatch, now: () => number = Date.now, pause: (ms: number) => Promise<void> = sleep): Promise<IngestResult | null> {
  // CPU work that needs no lock, done before taking it: hashes, and each row but for the two
  // columns decided under the lock (status, received_at).
  const prepared = new Map(batch.events.map((r) => [r, prepare(db.kind, device, r)]));
  const deadline = performance.now() + AFTER_WAIT_MS;
  for (;;) {
    const result = await ingestOnce(db, device, batch, prepared, now);
    if (result !== null || performance.now() >= deadline) return result;
    await pause(AFTER_POLL_MS);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Prepared {
  hash: string;
  /** SQLite: the row's columns. */
  columns?: Omit<AuditEventTable, 'status' | 'received_at'>;
  /** PostgreSQL: the row as a COPY text line, up to the status column. */
  line?: string;
}

function prepare(kind: Db['kind'], device: RegisteredDevice, r: AuditRecord): Prepared {
  const columns = {
    org_id: device.org_id,
    device_id: device.device_id,
    seq: r.seq,
    id: text(r.id),
    time_ms: Date.parse(r.time),
    action: text(r.action),
    outcome: r.outcome,
    actor_sub: r.actor?.sub == null ? null : text(r.actor.sub),
    // Lower-cased for the user filter; the record text keeps what the device hashed.
    actor_email: r.actor?.email == null ? null : text(r.actor.email.toLowerCase()),
    target: text(r.target),
    hash: r.hash,
    prev: r.prev,
    record: JSON.stringify(r),
  };
  const hash = sha256Hex(recordHashInput(r));
  return kind === 'postgres' ? { hash, line: copyLine(columns) } : { hash, columns };
}

// PostgreSQL on a connection of our own, so the rows can go by COPY; SQLite through kysely.
function transaction<T>(db: Db, fn: (trx: Trx, client: pg.PoolClient | null) => Promise<T>): Promise<T> {
  return db.pool ? pgTransaction(db.pool, fn) : auditDb(db).transaction().execute((trx) => fn(trx, null));
}

async function ingestOnce(db: Db, device: RegisteredDevice, batch: IngestBatch, prepared: Map<AuditRecord, Prepared>, now: () => number): Promise<IngestResult | null> {
  return transaction(db, async (trx, client) => {
    const head = await lockHead(trx, db.kind, device, now());
    if (batch.after !== undefined && head.seq < batch.after) return null;
    const repeats = batch.events.filter((e) => e.seq <= head.seq).map((e) => e.seq);
    const stored = await storedHashes(trx, device.device_id, repeats);
    const plan = planBatch({ seq: head.seq, hash: head.hash }, batch.events, stored, (r) => prepared.get(r)!.hash);
    const received = now();
    if (client) await copyEvents(client, plan.rows.map(({ record, status }) => `${prepared.get(record)!.line!}\t${status}\t${received}\n`));
    else await insertEvents(trx, plan.rows.map(({ record, status }) => ({ ...prepared.get(record)!.columns!, status, received_at: received })));
    const alerts: Omit<AuditAlertTable, 'id' | 'org_id' | 'device_id' | 'at'>[] = plan.alerts.map((a) => ({ kind: a.kind, seq: a.seq, detail: a.detail }));
    const next: AuditHeadTable = { ...head, seq: plan.head.seq, hash: plan.head.hash };
    if (batch.checkpoint) alerts.push(...(await acceptCheckpoint(trx, device, batch.checkpoint, plan, next, received)));
    if (alerts.length) await trx.insertInto('audit_alerts').values(alerts.map((a) => ({ ...a, id: randomUUID(), org_id: device.org_id, device_id: device.device_id, at: received }))).execute();
    await trx.updateTable('audit_heads').set({ seq: next.seq, hash: next.hash, checkpoint_seq: next.checkpoint_seq, checkpoint_at: next.checkpoint_at, overdue_alerted: next.overdue_alerted }).where('device_id', '=', device.device_id).execute();
    return { ackedSeq: next.seq, stored: plan.rows.length, duplicates: plan.duplicates, alerts: alerts.length };
  });
}

async function insertEvents(trx: Trx, rows: AuditEventTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx.insertInto('audit_events').values(rows.slice(i, i + CHUNK)).onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing()).execute();
  }
}

// status and received_at last: they are appended under the lock to lines made before it.
const COPY_COLUMNS = ['org_id', 'device_id', 'seq', 'id', 'time_ms', 'action', 'outcome', 'actor_sub', 'actor_email', 'target', 'hash', 'prev', 'record'] as const;
const COPY_SQL = `copy audit_events (${COPY_COLUMNS.join(', ')}, status, received_at) from stdin`;

// COPY's text format: a tab between columns, a newline after a row, \N for null, and a backslash,
// tab, newline or carriage return inside a value escaped with a backslash.
const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c]!);
}

function copyLine(columns: Omit<AuditEventTable, 'status' | 'received_at'>): string {
  return COPY_COLUMNS.map((c) => copyValue(columns[c])).join('\t');
}

/**
 * PostgreSQL: the rows by COPY FROM STDIN, PostgreSQL's bulk path (a text parse and batched
 * heap inserts: 16 against 30 µs per row for json_to_recordset, measured in one process).
 * No ON CONFLICT (COPY has none, and it could catch nothing): the rows were de-duplicated by
 * (device, seq) under the device's head lock, and the partitioned key holds received_at.
 */
async function copyEvents(client: pg.PoolClient, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  const stream = client.query(copyFrom(COPY_SQL));
  stream.end(lines.join(''));
  await finished(stream);
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
