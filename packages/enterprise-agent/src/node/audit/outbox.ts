import { randomUUID } from 'node:crypto';
import { recordHashInput } from '../../common/audit/canonical.js';
import { isValidAction, type AuditEventLevel } from '../../common/audit/levels.js';
import { AUDIT_OUTCOMES, GENESIS_HASH, type AuditCheckpoint, type AuditInput, type AuditRecord } from '../../common/audit/record.js';
import { sanitizeDetails, sanitizeText } from '../../common/audit/sanitize.js';
import type { SqliteDatabase } from '../localStore/encryptedDatabase.js';
import { AuditError } from './auditErrors.js';
import { sha256Hex } from './chainCrypto.js';
import { createOutboxTables, deleteState, readState, writeState } from './outboxSchema.js';

export interface AuditOutboxOptions {
  /** Runs work on the open database: `EncryptedLocalStore.use` in the product. */
  run: <T>(fn: (db: SqliteDatabase) => T) => T;
  device: string;
  /** The organisation slug once enrolled, '' before. */
  org?: () => string;
  /** Disk budget for unacknowledged events, in bytes of record text. */
  maxBytes: number;
  now?: () => number;
  newId?: () => string;
}

/** Dropped low-level events not yet accounted for by a gap marker. */
interface Dropped {
  count: number;
  since: string;
  until: string;
}

export interface OutboxStatus {
  device: string;
  pendingEvents: number;
  pendingBytes: number;
  maxBytes: number;
  oldestPendingTime: string | null;
  headSeq: number;
  ackedSeq: number;
  droppedPending: number;
  lastCheckpoint: AuditCheckpoint | null;
}

/**
 * The agent's append-only, hash-chained audit outbox. One writer per data folder. An
 * append is a synchronous SQLite transaction committed with synchronous=FULL, so when it
 * returns the event is on disk and the action it records may proceed.
 */
export class AuditOutbox {
  private headSeq: number;
  private headHash: string;
  private ackedSeq: number;
  private pendingBytes: number;
  private dropped: Dropped | null;
  private readonly now: () => number;
  private readonly newId: () => string;

  private constructor(private readonly options: AuditOutboxOptions) {
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    const loaded = options.run((db) => {
      // The outbox has its own file. PERSIST keeps the rollback journal (crash-safe like
      // DELETE, still fsync'd on every commit) but skips creating and unlinking it per append.
      // Not WAL: the encrypted store's open-time size check does not account for WAL frames.
      db.pragma('journal_mode = PERSIST');
      createOutboxTables(db);
      const state = readState(db);
      const bytes = db.prepare('select coalesce(sum(length(record)), 0) as b from audit_outbox').get() as { b: number };
      return { state, bytes: bytes.b };
    });
    this.headSeq = Number(loaded.state.get('head_seq') ?? 0);
    this.headHash = loaded.state.get('head_hash') ?? GENESIS_HASH;
    this.ackedSeq = Number(loaded.state.get('acked_seq') ?? 0);
    this.pendingBytes = loaded.bytes;
    const dropped = loaded.state.get('dropped');
    this.dropped = dropped ? (JSON.parse(dropped) as Dropped) : null;
  }

  static open(options: AuditOutboxOptions): AuditOutbox {
    return new AuditOutbox(options);
  }

  get device(): string {
    return this.options.device;
  }

  get head(): { seq: number; hash: string } {
    return { seq: this.headSeq, hash: this.headHash };
  }

  /**
   * Appends one event. Returns the record, or null when a `full`-level event was dropped
   * for lack of space (counted into the next gap marker). Throws `audit-full` for a
   * security-level event that does not fit: the caller must refuse the action.
   */
  append(input: AuditInput, level: AuditEventLevel): AuditRecord | null {
    if (!isValidAction(input.action)) throw new AuditError('invalid-event', `"${sanitizeText(input.action)}" is not a namespaced action`);
    if (!AUDIT_OUTCOMES.includes(input.outcome)) throw new AuditError('invalid-event', `unknown outcome ${sanitizeText(String(input.outcome))}`);
    const time = new Date(this.now()).toISOString();
    const draft = this.draft(input, time);
    const size = this.sizeOf(draft);
    if (this.pendingBytes + size > this.options.maxBytes) {
      if (level === 'security') {
        throw new AuditError('audit-full', `the audit outbox is full (${this.pendingBytes} of ${this.options.maxBytes} bytes awaiting upload): "${draft.action}" is refused so that it does not happen unaudited`);
      }
      this.recordDrop(time);
      return null;
    }
    const written = this.options.run((db) =>
      db.transaction(() => {
        const out: { record: AuditRecord; bytes: number }[] = [];
        let head = { seq: this.headSeq, hash: this.headHash };
        // Dropped events are accounted for before anything newer, in the chain itself.
        if (this.dropped) {
          out.push(this.insert(db, this.gapMarker(this.dropped, time), head));
          head = out[0]!.record;
          deleteState(db, 'dropped');
        }
        out.push(this.insert(db, draft, head));
        return out;
      })(),
    );
    // Memory follows only a committed transaction.
    const last = written[written.length - 1]!.record;
    this.headSeq = last.seq;
    this.headHash = last.hash;
    this.pendingBytes += written.reduce((n, w) => n + w.bytes, 0);
    if (written.length > 1) this.dropped = null;
    return last;
  }

  /** Up to `maxEvents` / `maxBytes` unacknowledged records after `afterSeq`, in order. */
  pending(options: { afterSeq?: number; maxEvents: number; maxBytes: number }): { records: string[]; lastSeq: number } {
    return this.options.run((db) => {
      const rows = db.prepare('select seq, record from audit_outbox where seq > ? order by seq limit ?').all(options.afterSeq ?? this.ackedSeq, options.maxEvents) as { seq: number; record: string }[];
      const records: string[] = [];
      let bytes = 0;
      let lastSeq = options.afterSeq ?? this.ackedSeq;
      for (const r of rows) {
        // Always at least one, so a single large record cannot block the queue.
        if (records.length > 0 && bytes + r.record.length > options.maxBytes) break;
        records.push(r.record);
        bytes += r.record.length;
        lastSeq = r.seq;
      }
      return { records, lastSeq };
    });
  }

  /** The server has stored everything up to `seq`: only now are those events deleted here. */
  acknowledge(seq: number): void {
    if (seq <= this.ackedSeq) return;
    const upTo = Math.min(seq, this.headSeq);
    // Sums only the rows being deleted (a primary-key range), never the whole backlog.
    const freed = this.options.run((db) =>
      db.transaction(() => {
        const bytes = (db.prepare('select coalesce(sum(length(record)), 0) as b from audit_outbox where seq <= ?').get(upTo) as { b: number }).b;
        db.prepare('delete from audit_outbox where seq <= ?').run(upTo);
        writeState(db, 'acked_seq', String(upTo));
        return bytes;
      })(),
    );
    this.ackedSeq = upTo;
    this.pendingBytes -= freed;
  }

  /** The highest sequence the server has acknowledged. */
  get acked(): number {
    return this.ackedSeq;
  }

  saveCheckpoint(cp: AuditCheckpoint): void {
    this.options.run((db) => writeState(db, 'checkpoint', JSON.stringify(cp)));
  }

  lastCheckpoint(): AuditCheckpoint | null {
    const v = this.options.run((db) => readState(db).get('checkpoint'));
    return v ? (JSON.parse(v) as AuditCheckpoint) : null;
  }

  /** The newest checkpoint the server has not yet received, if any. */
  unsentCheckpoint(): AuditCheckpoint | null {
    const state = this.options.run((db) => readState(db));
    const cp = state.get('checkpoint');
    if (!cp || state.get('checkpoint_sent') === cp) return null;
    return JSON.parse(cp) as AuditCheckpoint;
  }

  markCheckpointSent(cp: AuditCheckpoint): void {
    this.options.run((db) => writeState(db, 'checkpoint_sent', JSON.stringify(cp)));
  }

  status(): OutboxStatus {
    return this.options.run((db) => {
      const q = db.prepare('select count(*) as n, min(seq) as first from audit_outbox').get() as { n: number; first: number | null };
      const oldest = q.first === null ? undefined : (db.prepare('select time from audit_outbox where seq = ?').get(q.first) as { time: string } | undefined);
      const cp = readState(db).get('checkpoint');
      return {
        device: this.options.device,
        pendingEvents: q.n,
        pendingBytes: this.pendingBytes,
        maxBytes: this.options.maxBytes,
        oldestPendingTime: oldest?.time ?? null,
        headSeq: this.headSeq,
        ackedSeq: this.ackedSeq,
        droppedPending: this.dropped?.count ?? 0,
        lastCheckpoint: cp ? (JSON.parse(cp) as AuditCheckpoint) : null,
      };
    });
  }

  private draft(input: AuditInput, time: string): Omit<AuditRecord, 'hash'> {
    const actor = input.actor ? { sub: input.actor.sub === null ? null : sanitizeText(input.actor.sub), email: input.actor.email === null ? null : sanitizeText(input.actor.email) } : null;
    return {
      v: 1,
      id: this.newId(),
      org: this.options.org?.() ?? '',
      device: this.options.device,
      seq: 0,
      time,
      actor,
      action: input.action,
      target: sanitizeText(input.target),
      outcome: input.outcome,
      details: sanitizeDetails(input.details),
      prev: '',
    };
  }

  private sizeOf(draft: Omit<AuditRecord, 'hash'>): number {
    // The stored text adds the sequence digits and two 64-character hashes.
    return JSON.stringify(draft).length + 160;
  }

  private gapMarker(dropped: Dropped, time: string): Omit<AuditRecord, 'hash'> {
    return this.draft({ action: 'audit.gap', target: this.options.device, outcome: 'failure', details: { dropped: dropped.count, since: dropped.since, until: dropped.until, reason: 'outbox disk budget exhausted' } }, time);
  }

  private insert(db: SqliteDatabase, draft: Omit<AuditRecord, 'hash'>, head: { seq: number; hash: string }): { record: AuditRecord; bytes: number } {
    const linked = { ...draft, seq: head.seq + 1, prev: head.hash };
    const record: AuditRecord = { ...linked, hash: sha256Hex(recordHashInput(linked)) };
    const text = JSON.stringify(record);
    db.prepare('insert into audit_outbox (seq, record, time) values (?, ?, ?)').run(record.seq, text, record.time);
    writeState(db, 'head_seq', String(record.seq));
    writeState(db, 'head_hash', record.hash);
    return { record, bytes: text.length };
  }

  private recordDrop(time: string): void {
    const next: Dropped = this.dropped ? { ...this.dropped, count: this.dropped.count + 1, until: time } : { count: 1, since: time, until: time };
    // Durable, so a restart still writes the gap marker.
    this.options.run((db) => writeState(db, 'dropped', JSON.stringify(next)));
    this.dropped = next;
  }
}
