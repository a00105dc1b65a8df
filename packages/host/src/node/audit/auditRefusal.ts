import { ErrorCode, RpcError } from '@marie/protocol';
import { AuditError } from '@marie/enterprise-agent/node';

/**
 * An action that could not be recorded was refused (fail closed): the workbench gets a stable
 * code and the reason (outbox full, locked or unreadable) instead of an internal error.
 */
export function auditRefusal(error: unknown): unknown {
  return error instanceof AuditError ? new RpcError(ErrorCode.AuditUnavailable, error.message) : error;
}
