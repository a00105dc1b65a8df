import type { AuditEventLevel } from '../../common/audit/levels.js';
import type { AuditInput } from '../../common/audit/record.js';

export interface BufferedAuditEvent {
  readonly input: AuditInput;
  readonly level: AuditEventLevel;
  /** When it happened; the outbox stamps the time of the append, so this goes into the details. */
  readonly time: string;
}

/** Events that are not in the outbox: how many and when, never what. */
export interface HeldEvents {
  count: number;
  since: string;
  until: string;
}

/** The `audit.gap` record for pre-enrolment events that never reached the outbox (`dropped: null`: the count was unreadable). */
export function bufferGap(lost: HeldEvents | null, reason: string): AuditInput {
  const details = lost ? { dropped: lost.count, since: lost.since, until: lost.until, reason } : { dropped: null, reason };
  return { action: 'audit.gap', target: 'pre-enrolment buffer', outcome: 'failure', actor: null, details };
}

/**
 * Events recorded before this device has an outbox (never enrolled, so no organisation and no
 * key to encrypt with yet). Bounded: the oldest go first, and how many went is recorded with
 * the rest when the outbox opens. The events live in memory only; `onHeldChange` hears how
 * many are held after every change (the agent keeps that count on disk, `BufferLedger`), so
 * a process that ends first leaves its loss on record.
 */
export class AuditBuffer {
  private readonly queue: BufferedAuditEvent[] = [];
  private lost: HeldEvents | null = null;

  constructor(
    private readonly capacity = 1000,
    private readonly now: () => number = Date.now,
    private readonly onHeldChange?: (held: HeldEvents | null) => void,
  ) {}

  get events(): readonly BufferedAuditEvent[] {
    return this.queue;
  }

  /** What is held and not yet in the outbox, the overflow included; null when nothing is. */
  held(): HeldEvents | null {
    const count = (this.lost?.count ?? 0) + this.queue.length;
    if (count === 0) return null;
    return { count, since: this.lost?.since ?? this.queue[0]!.time, until: this.queue.at(-1)?.time ?? this.lost!.until };
  }

  push(input: AuditInput, level: AuditEventLevel): void {
    this.queue.push({ input, level, time: new Date(this.now()).toISOString() });
    if (this.queue.length > this.capacity) {
      const gone = this.queue.shift()!;
      this.lost = this.lost ? { ...this.lost, count: this.lost.count + 1, until: gone.time } : { count: 1, since: gone.time, until: gone.time };
    }
    this.onHeldChange?.(this.held());
  }

  /**
   * Hands every event to `append`, in order, the loss first. An append that throws stops the
   * drain with that event and the later ones still buffered, so nothing is appended twice.
   */
  drainInto(append: (input: AuditInput, level: AuditEventLevel) => unknown): void {
    if (!this.held()) return;
    try {
      if (this.lost) {
        append(bufferGap(this.lost, 'in-memory buffer full before the outbox opened'), 'security');
        this.lost = null;
      }
      while (this.queue.length > 0) {
        const next = this.queue[0]!;
        append({ ...next.input, details: { ...next.input.details, recordedAt: next.time } }, next.level);
        this.queue.shift();
      }
    } finally {
      this.onHeldChange?.(this.held());
    }
  }
}
