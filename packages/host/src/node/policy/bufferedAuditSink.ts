import type { AuditEvent, AuditSink } from '@marie/enterprise-agent';

/**
 * Keeps the most recent audit events in memory and hands each to `forward`. Stands in
 * for the durable, hash-chained outbox of the audit pipeline (a later issue); until
 * then events are visible to the host's log and tests, and not persisted.
 */
export class BufferedAuditSink implements AuditSink {
  private readonly buffer: AuditEvent[] = [];

  constructor(
    private readonly forward: (event: AuditEvent) => void = () => {},
    private readonly capacity = 1000,
  ) {}

  emit(event: AuditEvent): void {
    this.buffer.push(event);
    if (this.buffer.length > this.capacity) this.buffer.shift();
    this.forward(event);
  }

  get events(): readonly AuditEvent[] {
    return this.buffer;
  }
}
