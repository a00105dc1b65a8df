import type Database from 'better-sqlite3-multiple-ciphers';
import { GENESIS_HASH } from '../../common/audit/record.js';
import type { SqliteDatabase } from '../localStore/encryptedDatabase.js';

/**
 * The outbox's tables inside the agent's encrypted database. `audit_outbox` holds events
 * until the server acknowledges them; `audit_state` holds the chain head (which outlives
 * the deleted events), the acknowledged sequence, the pending bytes, pending drops and the
 * last checkpoint.
 */
export function createOutboxTables(db: SqliteDatabase): void {
  db.exec(`
    create table if not exists audit_outbox (
      seq integer primary key,
      record text not null,
      time text not null
    );
    create table if not exists audit_state (
      k text primary key,
      v text not null
    );
  `);
}

export type StateKey = 'head_seq' | 'head_hash' | 'acked_seq' | 'pending_bytes' | 'dropped' | 'checkpoint' | 'checkpoint_sent' | 'enrolled';

/** Dropped low-level events not yet accounted for by a gap marker. */
export interface Dropped {
  count: number;
  since: string;
  until: string;
}

/**
 * What a write decides on. Several processes append to one outbox (the IDE host, the CLI), so
 * this is read inside each write transaction, never kept in memory between them.
 */
export interface OutboxState {
  seq: number;
  hash: string;
  acked: number;
  /** Bytes of record text awaiting acknowledgement (the disk budget). */
  pendingBytes: number;
  dropped: Dropped | null;
}

interface Statements {
  state: Database.Statement;
  put: Database.Statement;
  del: Database.Statement;
  insert: Database.Statement;
}

// Compiling SQL costs more than running these statements: each is prepared once per database connection.
const prepared = new WeakMap<SqliteDatabase, Statements>();

function sql(db: SqliteDatabase): Statements {
  let s = prepared.get(db);
  if (!s) {
    s = {
      state: db.prepare('select k, v from audit_state'),
      put: db.prepare('insert into audit_state (k, v) values (?, ?) on conflict(k) do update set v = excluded.v'),
      del: db.prepare('delete from audit_state where k = ?'),
      insert: db.prepare('insert into audit_outbox (seq, record, time) values (?, ?, ?)'),
    };
    prepared.set(db, s);
  }
  return s;
}

export function readState(db: SqliteDatabase): Map<StateKey, string> {
  const rows = sql(db).state.all() as { k: StateKey; v: string }[];
  return new Map(rows.map((r) => [r.k, r.v]));
}

export function writeState(db: SqliteDatabase, k: StateKey, v: string): void {
  sql(db).put.run(k, v);
}

export function deleteState(db: SqliteDatabase, k: StateKey): void {
  sql(db).del.run(k);
}

export function readOutboxState(db: SqliteDatabase): OutboxState {
  const state = readState(db);
  const dropped = state.get('dropped');
  // Missing only in an outbox written before the budget was kept here (AuditOutbox.open then stores it).
  const pendingBytes = state.get('pending_bytes') ?? (db.prepare('select coalesce(sum(length(record)), 0) as b from audit_outbox').get() as { b: number }).b;
  return {
    seq: Number(state.get('head_seq') ?? 0),
    hash: state.get('head_hash') ?? GENESIS_HASH,
    acked: Number(state.get('acked_seq') ?? 0),
    pendingBytes: Number(pendingBytes),
    dropped: dropped ? (JSON.parse(dropped) as Dropped) : null,
  };
}

export function insertRecord(db: SqliteDatabase, seq: number, text: string, time: string): void {
  sql(db).insert.run(seq, text, time);
}
