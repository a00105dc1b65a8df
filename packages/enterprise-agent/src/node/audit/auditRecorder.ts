import type { AuditEvent, AuditSink } from '../../common/enforcement/audit.js';
import { isRecorded, levelOf, type AuditLevel } from '../../common/audit/levels.js';
import type { AuditActor, AuditInput, AuditRecord } from '../../common/audit/record.js';
import { AuditError } from './auditErrors.js';
import type { AuditOutbox } from './outbox.js';

/** Where the recorder writes: the outbox itself, or `AuditOutboxSlot` while the outbox may not be open yet. */
export type AuditAppender = Pick<AuditOutbox, 'append'>;

export interface AuditRecorderOptions {
  outbox: AuditAppender;
  /** The `AuditLevel` policy, read at each event so a policy change applies at once. */
  level: () => AuditLevel;
  /** Who is signed in now, when the caller does not say. */
  actor?: () => AuditActor | null;
}

/**
 * The one entry point for audit events: enforcement (as an `AuditSink`), sign-in and the
 * workbench all come through here. It applies the level policy and writes to the outbox.
 */
export class AuditRecorder implements AuditSink {
  constructor(private readonly options: AuditRecorderOptions) {}

  /**
   * Records an action before it proceeds. Returns null when the level does not record it
   * (or a `full` event was dropped for space). Throws `AuditError` when a security-level
   * event cannot be made durable: the caller must then refuse the action (fail closed).
   */
  record(input: AuditInput): AuditRecord | null {
    const level = levelOf(input.action, input.outcome);
    if (!isRecorded(this.options.level(), level)) return null;
    const actor = input.actor !== undefined ? input.actor : (this.options.actor?.() ?? null);
    try {
      return this.options.outbox.append({ ...input, actor }, level);
    } catch (e) {
      if (e instanceof AuditError) throw e;
      // A locked store or a disk error: for a security event that is a refusal, not a crash.
      if (level === 'security') throw new AuditError('audit-unavailable', `"${input.action}" is refused because the audit outbox cannot be written: ${(e as Error).message}`, { cause: e });
      return null;
    }
  }

  /** `AuditSink` for the policy enforcer: what it reports has already been refused or allowed. */
  emit(event: AuditEvent): void {
    this.record({ action: event.action, target: event.target, outcome: event.outcome, details: event.details });
  }

  /** Runs `action` only if its audit event is durable first. */
  async guard<T>(input: AuditInput, action: () => Promise<T> | T): Promise<T> {
    this.record(input);
    return action();
  }
}
