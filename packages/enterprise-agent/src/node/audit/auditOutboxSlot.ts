import type { AuditEventLevel } from '../../common/audit/levels.js';
import type { AuditInput, AuditRecord } from '../../common/audit/record.js';
import type { AuditBuffer } from './auditBuffer.js';
import type { AuditAppender } from './auditRecorder.js';
import type { BufferLedger } from './bufferLedger.js';
import type { AuditOutbox } from './outbox.js';

export type AuditSlotState = 'no-outbox' | 'opening' | 'open' | 'unavailable';

/**
 * What the recorder writes to in a process whose outbox opens late (after a sign-in, or once
 * the keychain answers). Before the device has an outbox, and while it is being opened,
 * events wait in the buffer; once open they go straight to the chain. A device that has an
 * outbox which could not be opened gets an error instead, and the recorder refuses every
 * security-level action (fail closed): an enrolled device is never silently unaudited.
 */
export class AuditOutboxSlot implements AuditAppender {
  private outbox: AuditOutbox | null = null;
  private problem: string | null = null;
  private opening = false;
  private securityCount = 0;

  constructor(
    private readonly buffer: AuditBuffer,
    /** Whether this device has an outbox on disk (its wrapped key file exists). */
    private readonly hasOutbox: () => boolean,
    /** The held counts of processes that ended before the outbox opened, recorded as gaps at attach. */
    private readonly ended?: Pick<BufferLedger, 'recordEnded'>,
  ) {}

  get state(): AuditSlotState {
    if (this.outbox) return 'open';
    if (this.opening) return 'opening';
    return this.hasOutbox() ? 'unavailable' : 'no-outbox';
  }

  /** Why the outbox is not open, when it should be. */
  get unavailableReason(): string | null {
    return this.state === 'unavailable' ? (this.problem ?? 'the audit outbox is not open') : null;
  }

  get current(): AuditOutbox | null {
    return this.outbox;
  }

  /** How many security-level records this process has put into an outbox (directly or from the buffer). */
  get securityAppended(): number {
    return this.securityCount;
  }

  append(input: AuditInput, level: AuditEventLevel): AuditRecord | null {
    if (this.outbox) return this.appendTo(this.outbox, input, level);
    if (this.opening || !this.hasOutbox()) {
      this.buffer.push(input, level);
      return null;
    }
    // Not an AuditError: the recorder decides by level (security refused, full dropped).
    throw new Error(this.unavailableReason!);
  }

  beginOpening(): void {
    if (!this.outbox) this.opening = true;
  }

  /**
   * The outbox is open: what waited is appended first, in order (the losses of processes that
   * ended before it opened, then this process's buffer), then new events go straight in.
   */
  attach(outbox: AuditOutbox): void {
    this.opening = false;
    this.problem = null;
    this.outbox = outbox;
    const append = (input: AuditInput, level: AuditEventLevel) => this.appendTo(outbox, input, level);
    try {
      this.ended?.recordEnded(append);
    } finally {
      this.buffer.drainInto(append);
    }
  }

  private appendTo(outbox: AuditOutbox, input: AuditInput, level: AuditEventLevel): AuditRecord | null {
    const record = outbox.append(input, level);
    if (record && level === 'security') this.securityCount++;
    return record;
  }

  /** Opening failed, or the outbox was closed: `reason` is what refusals will say. */
  detach(reason: string): void {
    this.opening = false;
    this.outbox = null;
    this.problem = reason;
  }
}
