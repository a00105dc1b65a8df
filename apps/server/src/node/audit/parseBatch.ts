import { AUDIT_OUTCOMES, type AuditCheckpoint, type AuditRecord } from '@marie/enterprise-agent';

export interface IngestBatch {
  device: string;
  checkpoint: AuditCheckpoint | null;
  events: AuditRecord[];
  /** Pipelined upload: the last sequence of the upload sent before this one (header x-marie-after). */
  after?: number;
}

const HEX64 = /^[0-9a-f]{64}$/;
const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function isRecord(e: unknown): e is AuditRecord {
  if (e === null || typeof e !== 'object') return false;
  const r = e as Record<string, unknown>;
  return (
    r.v === 1 &&
    str(r.id, 64) &&
    str(r.org, 64) &&
    str(r.device, 128) &&
    Number.isSafeInteger(r.seq) &&
    (r.seq as number) > 0 &&
    str(r.time, 40) &&
    !Number.isNaN(Date.parse(r.time as string)) &&
    str(r.action, 100) &&
    str(r.target, 10_000) &&
    AUDIT_OUTCOMES.includes(r.outcome as AuditRecord['outcome']) &&
    typeof r.details === 'object' &&
    r.details !== null &&
    (r.actor === null || isActor(r.actor)) &&
    str(r.prev, 64) &&
    HEX64.test(r.prev as string) &&
    str(r.hash, 64) &&
    HEX64.test(r.hash as string)
  );
}

// The columns the actor fills are varchar(255) and varchar(320).
function isActor(a: unknown): boolean {
  if (a === null || typeof a !== 'object') return false;
  const { sub, email } = a as Record<string, unknown>;
  return (sub === null || sub === undefined || str(sub, 255)) && (email === null || email === undefined || str(email, 320));
}

function isCheckpoint(c: unknown): c is AuditCheckpoint {
  if (c === null || typeof c !== 'object') return false;
  const r = c as Record<string, unknown>;
  return r.type === 'checkpoint' && r.v === 1 && str(r.device, 128) && str(r.org, 64) && Number.isSafeInteger(r.seq) && (r.seq as number) >= 0 && str(r.hash, 64) && str(r.time, 40) && str(r.sig, 200);
}

/**
 * Checks the shape of an upload by hand (it is the hot path: tens of thousands of records
 * a second). Returns an error message, or the batch with every record naming `device`.
 */
export function parseBatch(value: unknown, device: string): IngestBatch | string {
  if (value === null || typeof value !== 'object') return 'the body is not an object';
  const b = value as Record<string, unknown>;
  if (b.device !== device) return 'the body names another device than the signed header';
  if (!Array.isArray(b.events) || b.events.length > 10_000) return 'events must be an array of at most 10000 records';
  for (let i = 0; i < b.events.length; i++) {
    if (!isRecord(b.events[i])) return `events[${i}] is not an audit record`;
    if ((b.events[i] as AuditRecord).device !== device) return `events[${i}] belongs to another device`;
  }
  if (b.checkpoint !== null && b.checkpoint !== undefined && (!isCheckpoint(b.checkpoint) || b.checkpoint.device !== device)) return 'checkpoint is malformed or belongs to another device';
  return { device, checkpoint: (b.checkpoint as AuditCheckpoint | null | undefined) ?? null, events: b.events as AuditRecord[] };
}
