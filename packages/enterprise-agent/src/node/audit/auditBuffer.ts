import type { AuditEventLevel } from '../../common/audit/levels.js';
import type { AuditInput } from '../../common/audit/record.js';

export interface BufferedAuditEvent {
  readonly input: AuditInput;
  readonly level: AuditEventLevel;
  /** When it happened; the outbox stamps the time of the append, so this goes into the details. */
  readonly time: string;
}

/**
 * Events recorded before this device has an outbox (never enrolled, so no organisation and no
 * key to encrypt with yet). Bounded: the oldest go first, and how many went is recorded with
 * the rest when the outbox opens. In memory only, so a process that ends first loses them.
 */
export class AuditBuffer {
  private readonly queue: BufferedAuditEvent[] = [];
  private lost: { count: number; since: string; until: string } | null = null;

  constructor(
    private readonly capacity = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get events(): readonly BufferedAuditEvent[] {
    return this.queue;
  }

  push(input: AuditInput, level: AuditEventLevel): void {
    this.queue.push({ input, level, time: new Date(this.now()).toISOString() });
    if (this.queue.length <= this.capacity) return;
    const gone = this.queue.shift()!;
    this.lost = this.lost ? { ...this.lost, count: this.lost.count + 1, until: gone.time } : { count: 1, since: gone.time, until: gone.time };
  }

  /**
   * Hands every event to `append`, in order, the loss first. An append that throws stops the
   * drain with that event and the later ones still buffered, so nothing is appended twice.
   */
  drainInto(append: (input: AuditInput, level: AuditEventLevel) => unknown): void {
    if (this.lost) {
      append({ action: 'audit.gap', target: 'pre-enrolment buffer', outcome: 'failure', actor: null, details: { dropped: this.lost.count, since: this.lost.since, until: this.lost.until, reason: 'in-memory buffer full before the outbox opened' } }, 'security');
      this.lost = null;
    }
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      append({ ...next.input, details: { ...next.input.details, recordedAt: next.time } }, next.level);
      this.queue.shift();
    }
  }
}
