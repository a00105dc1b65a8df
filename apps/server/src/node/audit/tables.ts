import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';

/** A registered device and the Ed25519 key (SPKI, base64url) its uploads and checkpoints are signed with. */
export interface AuditDeviceTable {
  device_id: string;
  org_id: string;
  public_key: string;
  enrolled_by: string;
  created_at: number;
}

/** Append-only (triggers refuse UPDATE, DELETE and TRUNCATE). One row per (device, seq). */
export interface AuditEventTable {
  org_id: string;
  device_id: string;
  seq: number;
  id: string;
  time_ms: number;
  action: string;
  outcome: string;
  actor_sub: string | null;
  actor_email: string | null;
  target: string;
  hash: string;
  prev: string;
  /** ok | gap (records before it never arrived) | fork (prev link broken) | late | bad-hash */
  status: string;
  /** The record exactly as the device hashed it: the export returns this text. */
  record: string;
  received_at: number;
}

export interface AuditCheckpointTable {
  device_id: string;
  seq: number;
  time: string;
  hash: string;
  record: string;
  received_at: number;
}

/** Continuity alerts: gap, fork, reorder, bad-hash, bad-checkpoint, checkpoint-mismatch, missing-tail, checkpoint-overdue. */
export interface AuditAlertTable {
  id: string;
  org_id: string;
  device_id: string;
  kind: string;
  seq: number | null;
  detail: string;
  at: number;
}

/** The one mutable row per device: where its chain stands on the server. */
export interface AuditHeadTable {
  device_id: string;
  org_id: string;
  seq: number;
  hash: string;
  checkpoint_seq: number;
  /** Server time (epoch ms) of the last checkpoint received; drives the overdue alert. */
  checkpoint_at: number;
  overdue_alerted: number;
}

export interface AuditSiemCursorTable {
  sink: string;
  device_id: string;
  seq: number;
}

export interface AuditRetentionTable {
  org_id: string;
  /** Days events are kept after they were received; null keeps them for ever. */
  days: number | null;
  legal_hold: number;
  updated_by: string;
  updated_at: number;
}

export interface AuditPurgeGateTable {
  open: number;
}

// A type alias (not an interface) so it satisfies kysely's Record constraint in withTables.
export type AuditTables = {
  audit_devices: AuditDeviceTable;
  audit_events: AuditEventTable;
  audit_checkpoints: AuditCheckpointTable;
  audit_alerts: AuditAlertTable;
  audit_heads: AuditHeadTable;
  audit_siem_cursors: AuditSiemCursorTable;
  audit_retention: AuditRetentionTable;
  audit_purge_gate: AuditPurgeGateTable;
};

export type AuditKysely = Kysely<Database & AuditTables>;

export function auditDb(db: Db): AuditKysely {
  return db.kysely.withTables<AuditTables>();
}
