/**
 * The one audit event model shared by the agent, the backend and `marie audit verify`.
 * A record is hashed over its canonical JSON (see canonical.ts) without its `hash` field,
 * and `prev` is the hash of the same device's previous record, so any edit, removal or
 * reordering changes a hash that a later record or a signed checkpoint depends on.
 */
export const AUDIT_RECORD_VERSION = 1;

/** `prev` of a device's first record. */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'allowed' | 'denied' | 'success' | 'failure';

export interface AuditActor {
  sub: string | null;
  email: string | null;
}

export interface AuditRecord {
  v: 1;
  /** Random id; (device, seq) is the identity that de-duplicates. */
  id: string;
  /** Organisation slug, '' before the device is enrolled. */
  org: string;
  device: string;
  /** Per device, from 1, without holes (a dropped event leaves an `audit.gap` record instead). */
  seq: number;
  /** UTC, ISO 8601 with milliseconds. The device's clock: may go backwards, `seq` orders. */
  time: string;
  actor: AuditActor | null;
  /** Namespaced: `auth.signin`, `policy.violation`, `git.push`, … */
  action: string;
  target: string;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
  prev: string;
  hash: string;
}

/** A signed statement "device D's chain had head H at sequence S at time T". Not part of the chain. */
export interface AuditCheckpoint {
  type: 'checkpoint';
  v: 1;
  org: string;
  device: string;
  seq: number;
  hash: string;
  time: string;
  /** base64url Ed25519 signature over `checkpointSigningInput`. */
  sig: string;
}

/** What the enforcement points, sign-in and the workbench hand to the pipeline. */
export interface AuditInput {
  action: string;
  target: string;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
  actor?: AuditActor | null;
}

export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['allowed', 'denied', 'success', 'failure'];
