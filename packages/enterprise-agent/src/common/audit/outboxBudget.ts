import type { PolicyValues } from '../policy/registry/index.js';

export type AuditOutboxPolicy = Pick<PolicyValues, 'AuditOutboxMaxSize'>;

/** The outbox's disk budget in bytes, from the policy in MiB; every opener of the outbox goes through this. */
export function outboxMaxBytesFromPolicy(policy: AuditOutboxPolicy): number {
  return policy.AuditOutboxMaxSize * 1024 * 1024;
}
