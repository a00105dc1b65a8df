/** A security-relevant action as the enforcement layer reports it; the audit pipeline adds time, device and sequence. */
export interface AuditEvent {
  action: string;
  target: string;
  outcome: 'denied' | 'allowed';
  details: Record<string, unknown>;
}

/** Where enforcement reports what it refused. The hash-chained outbox implements this later. */
export interface AuditSink {
  emit(event: AuditEvent): void;
}

/** Keeps events in an array; for tests and for hosts that have no pipeline yet. */
export class InMemoryAuditSink implements AuditSink {
  readonly events: AuditEvent[] = [];

  emit(event: AuditEvent): void {
    this.events.push(event);
  }
}
