import type { AuditCheckpoint, AuditRecord } from './record.js';

/**
 * JSON with object keys sorted at every depth and no white space: the bytes that are
 * hashed and signed. Key order in transit or storage (PostgreSQL jsonb reorders) cannot
 * change them. Only JSON values are allowed: sanitize.ts turned everything else into strings.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** The text a record's hash covers: everything but the hash itself. */
export function recordHashInput(record: AuditRecord | Omit<AuditRecord, 'hash'>): string {
  const { hash: _hash, ...rest } = record as AuditRecord;
  return canonicalJson(rest);
}

/** The text a checkpoint's signature covers, with a domain prefix so it cannot pass as any other signed message. */
export function checkpointSigningInput(cp: Omit<AuditCheckpoint, 'sig'> | AuditCheckpoint): string {
  const { sig: _sig, ...rest } = cp as AuditCheckpoint;
  return `marie-audit-checkpoint-v1\n${canonicalJson(rest)}`;
}

/** What a device signs for an upload: its id and the SHA-256 (hex) of the exact bytes sent. */
export function ingestSigningText(device: string, bodySha256Hex: string): string {
  return `marie-audit-ingest-v1\n${device}\n${bodySha256Hex}`;
}
