import type { ExportAlert, ExportDevice } from '@marie/enterprise-agent';
import type { Db } from '../db/connect.js';
import { filtered } from './query.js';
import type { QueryFilter } from './queryFilter.js';
import { auditDb } from './tables.js';

const PAGE = 2000;

type Filter = Omit<QueryFilter, 'limit' | 'cursor' | 'format'>;

/**
 * The JSON Lines export `marie audit verify` reads: per device its key, its records in
 * sequence order exactly as hashed, its signed checkpoints, then the server's alerts.
 * Paged by keyset so memory stays flat for any size.
 */
export async function* exportJsonl(db: Db, orgId: string, f: Filter): AsyncGenerator<string> {
  const k = auditDb(db);
  let dq = k.selectFrom('audit_devices').select(['device_id', 'public_key']).where('org_id', '=', orgId).orderBy('device_id');
  if (f.device) dq = dq.where('device_id', '=', f.device);
  const org = await k.selectFrom('orgs').select('slug').where('id', '=', orgId).executeTakeFirst();
  for (const d of await dq.execute()) {
    const line: ExportDevice = { type: 'device', device: d.device_id, org: org?.slug ?? '', publicKey: d.public_key };
    yield `${JSON.stringify(line)}\n`;
    let after = 0;
    for (;;) {
      const rows = await filtered(db, orgId, { ...f, device: d.device_id }).where('seq', '>', after).orderBy('seq').limit(PAGE).execute();
      if (rows.length === 0) break;
      yield rows.map((r) => `${r.record}\n`).join('');
      after = Number(rows[rows.length - 1]!.seq);
    }
    for (const c of await k.selectFrom('audit_checkpoints').select('record').where('device_id', '=', d.device_id).orderBy('seq').orderBy('time').execute()) yield `${c.record}\n`;
    for (const a of await k.selectFrom('audit_alerts').selectAll().where('device_id', '=', d.device_id).orderBy('at').execute()) {
      const alert: ExportAlert = { type: 'alert', device: a.device_id, kind: a.kind, seq: a.seq === null ? null : Number(a.seq), detail: a.detail, at: new Date(Number(a.at)).toISOString() };
      yield `${JSON.stringify(alert)}\n`;
    }
  }
}

const CSV_COLUMNS = ['time', 'device', 'seq', 'action', 'outcome', 'actor_email', 'actor_sub', 'target', 'status', 'hash', 'details'] as const;

/**
 * A cell safe for spreadsheets: quoted when needed, and a leading = + - @ (or tab/CR)
 * prefixed with ' so a crafted target cannot run as a formula (CSV injection).
 */
export function csvCell(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** CSV of the filtered events in time order, paged by keyset. */
export async function* exportCsv(db: Db, orgId: string, f: Filter): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\n`;
  let after: [number, string, number] | null = null;
  for (;;) {
    let q = filtered(db, orgId, f);
    if (after) {
      const [t, d, s] = after;
      q = q.where((eb) => eb(eb.refTuple('time_ms', 'device_id', 'seq'), '>', eb.tuple(t, d, s)));
    }
    const rows = await q.orderBy('time_ms').orderBy('device_id').orderBy('seq').limit(PAGE).execute();
    if (rows.length === 0) return;
    yield rows
      .map((r) => {
        const rec = JSON.parse(r.record) as { time: string; details: unknown };
        return [rec.time, r.device_id, String(r.seq), r.action, r.outcome, r.actor_email ?? '', r.actor_sub ?? '', r.target, r.status, r.hash, JSON.stringify(rec.details)].map(csvCell).join(',') + '\n';
      })
      .join('');
    const last = rows[rows.length - 1]!;
    after = [Number(last.time_ms), last.device_id, Number(last.seq)];
  }
}
