import { CodedError } from '../../common/codedError.js';
export type AuditErrorCode =
  /** The outbox's disk budget is used up: a security-level action is refused rather than left unaudited. */
  | 'audit-full'
  /** The outbox cannot be written (locked store, disk error): security-level actions are refused. */
  | 'audit-unavailable'
  | 'invalid-event';

export class AuditError extends CodedError<AuditErrorCode> {
  override readonly name = 'AuditError';
}
