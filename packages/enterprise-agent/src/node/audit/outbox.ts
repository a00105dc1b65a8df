import { randomUUID } from 'node:crypto';
import { recordHashInput } from '../../common/audit/canonical.js';
import { isValidAction, type AuditEventLevel } from '../../common/audit/levels.js';
import { AUDIT_OUTCOMES, type AuditCheckpoint, type AuditInput, type AuditRecord } from '../../common/audit/record.js';
import { sanitizeDetails, sanitizeText } from '../../common/audit/sanitize.js';
import type { SqliteDatabase } from '../localStore/encryptedDatabase.js';
import { AuditError } from './auditErrors.js';
import { sha256Hex } from './chainCrypto.js';
import { createOutboxTables, deleteState, insertRecord, readOutboxState, readState, writeState, type Dropped } from './outboxSchema.js';

export interface AuditOutboxOptions {
  /** Runs work on the open database: `EncryptedLocalStore.use` in the product. */
  run: <T>(fn: (db: SqliteDatabase) => T) => T;
  device: string;
  /** The organisation slug once enrolled, '' before. */
  org?: () => string;
  /** Disk budget for unacknowledged events, in bytes of record text (`setMaxBytes` changes it while open). */
  maxBytes: number;
  now?: () => number;
  newId?: () => string;
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
 * The agent's append-only, hash-chained audit outbox. Several processes may append to one
 * file (the IDE host, the `marie` CLI): each append reads the head inside its write
 * transaction (BEGIN IMMEDIATE), so they never reuse a sequence or fork the chain. An append
 * commits with synchronous=FULL in WAL mode (one fsync of the WAL), so when it returns the
 * event is on disk and the action it records may proceed.
 */
export class AuditOutbox {
  private readonly now: () => number;
  private readonly newId: () => string;
  private maxBytes: number;

  private constructor(private readonly options: AuditOutboxOptions) {
    this.now = options.now ?? Date.now;
    this.maxBytes = validBudget(options.maxBytes);
    this.newId = options.newId ?? randomUUID;
    options.run((db) => {
      // WAL: a commit appends its pages to the log and fsyncs that one file, where a rollback
      // journal costs at least two fsyncs (journal, then database). The store opens with
      // synchronous=FULL, which in WAL mode keeps that fsync on every commit. The outbox has its
      // own file, so no other store changes mode with it.
      db.pragma('journal_mode = WAL');
      createOutboxTables(db);
      writeTransaction(db, () => {
        if (!readState(db).has('pending_bytes')) writeState(db, 'pending_bytes', String(readOutboxState(db).pendingBytes));
      });
    });
  }

  static open(options: AuditOutboxOptions): AuditOutbox {
    return new AuditOutbox(options);
  }

  get device(): string {
    return this.options.device;
  }

  /**
   * A new disk budget (a changed `AuditOutboxMaxSize`), from the next append on. Nothing already
   * stored is removed: a budget below what awaits upload refuses security events until the
   * server has acknowledged enough.
   */
  setMaxBytes(bytes: number): void {
    this.maxBytes = validBudget(bytes);
  }

  /** The chain head as committed now, whichever process appended last. */
  get head(): { seq: number; hash: string } {
    const { seq, hash } = this.options.run(readOutboxState);
    return { seq, hash };
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
    return this.options.run((db) =>
      writeTransaction(db, () => {
        const state = readOutboxState(db);
        if (state.pendingBytes + size > this.maxBytes) {
          if (level === 'security') {
            throw new AuditError('audit-full', `the audit outbox is full (${state.pendingBytes} of ${this.maxBytes} bytes awaiting upload): "${draft.action}" is refused so that it does not happen unaudited`);
          }
          // Durable, so a restart (or another process) still writes the gap marker.
          const d = state.dropped;
          writeState(db, 'dropped', JSON.stringify(d ? { ...d, count: d.count + 1, until: time } : { count: 1, since: time, until: time }));
          return null;
        }
        let head: { seq: number; hash: string } = state;
        let bytes = state.pendingBytes;
        // Dropped events are accounted for before anything newer, in the chain itself.
        if (state.dropped) {
          const gap = this.insert(db, this.gapMarker(state.dropped, time), head);
          head = gap.record;
          bytes += gap.bytes;
          deleteState(db, 'dropped');
        }
        const { record, bytes: added } = this.insert(db, draft, head);
        writeState(db, 'head_seq', String(record.seq));
        writeState(db, 'head_hash', record.hash);
        writeState(db, 'pending_bytes', String(bytes + added));
        return record;
      }),
    );
  }

  /** Up to `maxEvents` / `maxBytes` unacknowledged records after `afterSeq`, in order. */
  pending(options: { afterSeq?: number; maxEvents: number; maxBytes: number }): { records: string[]; lastSeq: number } {
    return this.options.run((db) => {
      const after = options.afterSeq ?? readOutboxState(db).acked;
      const rows = db.prepare('select seq, record from audit_outbox where seq > ? order by seq limit ?').all(after, options.maxEvents) as { seq: number; record: string }[];
      const records: string[] = [];
      let bytes = 0;
      let lastSeq = after;
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
    this.options.run((db) =>
      writeTransaction(db, () => {
        const state = readOutboxState(db);
        if (seq <= state.acked) return;
        const upTo = Math.min(seq, state.seq);
        // Sums only the rows being deleted (a primary-key range), never the whole backlog.
        const freed = (db.prepare('select coalesce(sum(length(record)), 0) as b from audit_outbox where seq <= ?').get(upTo) as { b: number }).b;
        db.prepare('delete from audit_outbox where seq <= ?').run(upTo);
        writeState(db, 'acked_seq', String(upTo));
        writeState(db, 'pending_bytes', String(state.pendingBytes - freed));
      }),
    );
  }

  /** The highest sequence the server has acknowledged. */
  get acked(): number {
    return this.options.run(readOutboxState).acked;
  }

  saveCheckpoint(cp: AuditCheckpoint): void {
    this.options.run((db) =>
      writeTransaction(db, () => {
        const saved = readState(db).get('checkpoint');
        // Another process may have signed a newer head meanwhile: a checkpoint never goes back.
        if (saved && (JSON.parse(saved) as AuditCheckpoint).seq > cp.seq) return;
        writeState(db, 'checkpoint', JSON.stringify(cp));
      }),
    );
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
    return this.options.run((db) =>
      // One read transaction: the counts and the head from the same moment.
      db.transaction(() => {
        const q = db.prepare('select count(*) as n, min(seq) as first from audit_outbox').get() as { n: number; first: number | null };
        const oldest = q.first === null ? undefined : (db.prepare('select time from audit_outbox where seq = ?').get(q.first) as { time: string } | undefined);
        const state = readOutboxState(db);
        const cp = readState(db).get('checkpoint');
        return {
          device: this.options.device,
          pendingEvents: q.n,
          pendingBytes: state.pendingBytes,
          maxBytes: this.maxBytes,
          oldestPendingTime: oldest?.time ?? null,
          headSeq: state.seq,
          ackedSeq: state.acked,
          droppedPending: state.dropped?.count ?? 0,
          lastCheckpoint: cp ? (JSON.parse(cp) as AuditCheckpoint) : null,
        };
      })(),
    );
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
    insertRecord(db, record.seq, text, record.time);
    return { record, bytes: text.length };
  }
}

function validBudget(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new RangeError(`the audit outbox budget must be a positive number of bytes, not ${bytes}`);
  return bytes;
}

/**
 * BEGIN IMMEDIATE: takes the write lock before reading the head, so a second process waits
 * (busy timeout) instead of reading the same head and writing the same sequence.
 */
function writeTransaction<T>(db: SqliteDatabase, fn: () => T): T {
  return db.transaction(fn).immediate();
}
