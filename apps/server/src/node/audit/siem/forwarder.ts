import { sql } from 'kysely';
import type { AuditRecord } from '@marie/enterprise-agent';
import type { Db } from '../../db/connect.js';
import { auditDb, type AuditKysely } from '../tables.js';
import { SinkError, type SiemSink } from './sinks.js';

export interface ForwarderOptions {
  batch?: number;
  intervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  onError?: (sink: string, message: string) => void;
  random?: () => number;
}

/**
 * Streams stored events to SIEM sinks, at least once: per sink and device a cursor (the last
 * sequence delivered) advances only after a batch was delivered, so a crash or a failed
 * delivery re-sends rather than skips (receivers de-duplicate by device + seq, which every
 * message carries). Failures back off exponentially with jitter, or as the sink asks.
 * On PostgreSQL a transaction-scoped advisory lock lets one replica forward each sink.
 */
export class SiemForwarder {
  private timers = new Map<string, NodeJS.Timeout>();
  private attempts = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly sinks: SiemSink[],
    private readonly options: ForwarderOptions = {},
  ) {}

  /** Delivers everything pending for `sink`; returns how many records went out. Throws `SinkError`. */
  async forwardOnce(sink: SiemSink): Promise<number> {
    const k = auditDb(this.db);
    if (this.db.kind === 'sqlite') return this.drain(k, sink);
    // The lock lives as long as the transaction; SQLite is single-node and must not hold its one connection.
    let failure: unknown = null;
    const sent = await k.transaction().execute(async (trx) => {
      const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtext(${`marie-siem:${sink.id}`})) as ok`.execute(trx);
      if (!rows[0]?.ok) return 0;
      const progress = { sent: 0 };
      try {
        await this.drain(trx as unknown as AuditKysely, sink, progress);
      } catch (e) {
        // Commit the cursors of what was delivered before the failure.
        failure = e;
      }
      return progress.sent;
    });
    if (failure) throw failure;
    return sent;
  }

  start(): void {
    for (const sink of this.sinks) this.schedule(sink, 0);
  }

  stop(): void {
    this.stopped = true;
    this.timers.forEach((t) => clearTimeout(t));
    this.sinks.forEach((s) => s.close());
  }

  private async drain(k: AuditKysely, sink: SiemSink, progress = { sent: 0 }): Promise<number> {
    const batch = this.options.batch ?? 500;
    const heads = await k.selectFrom('audit_heads').select(['device_id', 'seq']).execute();
    const cursors = new Map((await k.selectFrom('audit_siem_cursors').select(['device_id', 'seq']).where('sink', '=', sink.id).execute()).map((c) => [c.device_id, Number(c.seq)]));
    for (const head of heads) {
      let at = cursors.get(head.device_id) ?? 0;
      while (at < Number(head.seq)) {
        const rows = await k.selectFrom('audit_events').select(['seq', 'record']).where('device_id', '=', head.device_id).where('seq', '>', at).orderBy('seq').limit(batch).execute();
        if (rows.length === 0) break;
        await sink.deliver(rows.map((r) => JSON.parse(r.record) as AuditRecord));
        at = Number(rows[rows.length - 1]!.seq);
        await k
          .insertInto('audit_siem_cursors')
          .values({ sink: sink.id, device_id: head.device_id, seq: at })
          .onConflict((oc) => oc.columns(['sink', 'device_id']).doUpdateSet({ seq: at }))
          .execute();
        progress.sent += rows.length;
      }
    }
    return progress.sent;
  }

  private schedule(sink: SiemSink, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      void this.forwardOnce(sink).then(
        () => {
          this.attempts.set(sink.id, 0);
          this.schedule(sink, this.options.intervalMs ?? 1000);
        },
        (e: unknown) => {
          const attempt = (this.attempts.get(sink.id) ?? 0) + 1;
          this.attempts.set(sink.id, attempt);
          const ceiling = Math.min(this.options.backoffMaxMs ?? 300_000, (this.options.backoffBaseMs ?? 1000) * 2 ** Math.min(attempt, 20));
          const jittered = Math.floor((this.options.random ?? Math.random)() * ceiling);
          const asked = e instanceof SinkError ? e.retryAfterMs : null;
          this.options.onError?.(sink.id, e instanceof Error ? e.message : String(e));
          this.schedule(sink, Math.max(asked ?? 0, jittered));
        },
      );
    }, delayMs);
    timer.unref();
    this.timers.set(sink.id, timer);
  }
}
