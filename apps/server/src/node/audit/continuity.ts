import type { AuditRecord } from '@marie/enterprise-agent';

export interface ChainHead {
  seq: number;
  hash: string;
}

export type RowStatus = 'ok' | 'gap' | 'fork' | 'late' | 'bad-hash';

export interface PlannedAlert {
  kind: 'gap' | 'fork' | 'reorder' | 'bad-hash';
  seq: number;
  detail: string;
}

export interface IngestPlan {
  rows: { record: AuditRecord; status: RowStatus }[];
  alerts: PlannedAlert[];
  head: ChainHead;
  duplicates: number;
}

/**
 * Decides, for one device, what a batch does to its chain on the server. Everything is
 * stored exactly once (by sequence); anything that does not continue the chain is stored
 * with its status and raises an alert instead of being refused, so the agent is never
 * stuck retrying and the anomaly is on record. The head moves to the highest sequence seen:
 * everything up to it is either stored or declared missing by an alert.
 *
 * `stored` holds the hashes already stored for sequences at or below the head that the batch repeats.
 */
export function planBatch(head: ChainHead, events: readonly AuditRecord[], stored: ReadonlyMap<number, string>, hashOf: (r: AuditRecord) => string): IngestPlan {
  const plan: IngestPlan = { rows: [], alerts: [], head: { ...head }, duplicates: 0 };
  const seen = new Set<number>();
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  for (const r of ordered) {
    if (seen.has(r.seq)) {
      plan.duplicates++;
      continue;
    }
    seen.add(r.seq);
    const selfOk = hashOf(r) === r.hash;
    if (r.seq <= plan.head.seq) {
      const before = stored.get(r.seq);
      if (before === r.hash) plan.duplicates++;
      else if (before !== undefined) plan.alerts.push({ kind: 'fork', seq: r.seq, detail: `a second, different record ${r.seq} arrived (stored ${before.slice(0, 12)}…, received ${r.hash.slice(0, 12)}…); the stored one is kept` });
      else {
        plan.rows.push({ record: r, status: 'late' });
        plan.alerts.push({ kind: 'reorder', seq: r.seq, detail: `record ${r.seq} arrived after ${plan.head.seq}` });
      }
      continue;
    }
    let status: RowStatus = 'ok';
    if (r.seq > plan.head.seq + 1) {
      status = 'gap';
      plan.alerts.push({ kind: 'gap', seq: plan.head.seq + 1, detail: `records ${plan.head.seq + 1}–${r.seq - 1} never arrived; the chain resumes at ${r.seq}` });
    } else if (r.prev !== plan.head.hash) {
      status = 'fork';
      plan.alerts.push({ kind: 'fork', seq: r.seq, detail: `record ${r.seq} does not link to record ${plan.head.seq} (previous-hash mismatch)` });
    }
    if (!selfOk) {
      status = 'bad-hash';
      plan.alerts.push({ kind: 'bad-hash', seq: r.seq, detail: `record ${r.seq} does not match its own hash` });
    }
    plan.rows.push({ record: r, status });
    plan.head = { seq: r.seq, hash: r.hash };
  }
  return plan;
}
