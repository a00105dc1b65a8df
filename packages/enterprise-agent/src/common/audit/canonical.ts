import type { AuditCheckpoint, AuditRecord } from './record.js';

/**
 * JSON with object keys sorted at every depth and no white space: the bytes that are
 * hashed and signed. Key order in transit or storage (PostgreSQL jsonb reorders) cannot
 * change them. Only JSON values are allowed: sanitize.ts turned everything else into strings.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value) ?? 'null';
  }
  // Built by concatenation rather than map/filter/join: it runs for every record appended and
  // every record ingested.
  if (Array.isArray(value)) {
    let items = '';
    for (let i = 0; i < value.length; i++) items += (i ? ',' : '') + canonicalJson(value[i]);
    return `[${items}]`;
  }
  let members = '';
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) members += `${members ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `{${members}}`;
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
