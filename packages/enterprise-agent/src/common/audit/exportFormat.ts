import type { AuditCheckpoint, AuditRecord } from './record.js';

/**
 * The JSON Lines export that `marie audit verify` reads. One line each:
 * - a device: `{"type":"device","device","org","publicKey"}` (SPKI DER, base64url), before its events;
 * - an event: the record exactly as the device hashed it (it has no `type` field);
 * - a checkpoint: `{"type":"checkpoint",…}` as the device signed it;
 * - a server alert: `{"type":"alert","device","kind","seq","detail","at"}` (informational).
 * Events come per device in sequence order.
 */
export interface ExportDevice {
  type: 'device';
  device: string;
  org: string;
  publicKey: string;
}

export interface ExportAlert {
  type: 'alert';
  device: string;
  kind: string;
  seq: number | null;
  detail: string;
  at: string;
}

export type ExportLine = ExportDevice | AuditCheckpoint | ExportAlert | AuditRecord;

export function classifyLine(value: unknown): 'device' | 'checkpoint' | 'alert' | 'event' | 'unknown' {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'unknown';
  const t = (value as { type?: unknown }).type;
  if (t === undefined) return 'event';
  return t === 'device' || t === 'checkpoint' || t === 'alert' ? t : 'unknown';
}
