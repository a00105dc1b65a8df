import type { SqliteDatabase } from '../localStore/encryptedDatabase.js';

/**
 * The outbox's tables inside the agent's encrypted database. `audit_outbox` holds events
 * until the server acknowledges them; `audit_state` holds the chain head (which outlives
 * the deleted events), the acknowledged sequence, pending drops and the last checkpoint.
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

export type StateKey = 'head_seq' | 'head_hash' | 'acked_seq' | 'dropped' | 'checkpoint' | 'checkpoint_sent' | 'enrolled';

export function readState(db: SqliteDatabase): Map<StateKey, string> {
  const rows = db.prepare('select k, v from audit_state').all() as { k: StateKey; v: string }[];
  return new Map(rows.map((r) => [r.k, r.v]));
}

export function writeState(db: SqliteDatabase, k: StateKey, v: string): void {
  db.prepare('insert into audit_state (k, v) values (?, ?) on conflict(k) do update set v = excluded.v').run(k, v);
}

export function deleteState(db: SqliteDatabase, k: StateKey): void {
  db.prepare('delete from audit_state where k = ?').run(k);
}
