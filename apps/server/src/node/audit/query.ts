import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { decodeCursor, encodeCursor, likeContains, timeOf, type QueryFilter } from './queryFilter.js';
import { auditDb, type AuditEventTable, type AuditTables } from './tables.js';

type EventQuery = SelectQueryBuilder<Database & AuditTables, 'audit_events', AuditEventTable>;

/** The filters as SQL; all of them are scoped to one organisation. */
export function filtered(db: Db, orgId: string, f: Omit<QueryFilter, 'limit' | 'cursor' | 'format'>): EventQuery {
  let q = auditDb(db).selectFrom('audit_events').selectAll().where('org_id', '=', orgId) as EventQuery;
  const from = timeOf(f.from, 'from');
  const to = timeOf(f.to, 'to');
  if (from !== undefined) q = q.where('time_ms', '>=', from);
  if (to !== undefined) q = q.where('time_ms', '<', to);
  if (f.user) q = q.where((eb) => eb.or([eb('actor_email', '=', f.user!.toLowerCase()), eb('actor_sub', '=', f.user!)]));
  // "auth.*" selects a namespace; anything else is an exact action.
  if (f.action) q = f.action.endsWith('.*') ? q.where(sql<boolean>`action like ${likeContains(f.action.slice(0, -1)).slice(1)} escape '\\'`) : q.where('action', '=', f.action);
  if (f.device) q = q.where('device_id', '=', f.device);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.q) q = q.where(sql<boolean>`lower(record) like ${likeContains(f.q.toLowerCase())} escape '\\'`);
  return q;
}

export interface EventPage {
  events: unknown[];
  nextCursor: string | null;
}

/** One page in (time, device, seq) order; `nextCursor` continues after its last row (keyset, no OFFSET). */
export async function searchEvents(db: Db, orgId: string, f: QueryFilter): Promise<EventPage> {
  let q = filtered(db, orgId, f);
  const after = decodeCursor(f.cursor);
  if (after) q = q.where((eb) => eb(eb.refTuple('time_ms', 'device_id', 'seq'), '>', eb.tuple(after.t, after.d, after.s)));
  const rows = await q.orderBy('time_ms').orderBy('device_id').orderBy('seq').limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    events: page.map((r) => ({ ...(JSON.parse(r.record) as object), status: r.status })),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ t: Number(last.time_ms), d: last.device_id, s: Number(last.seq) }) : null,
  };
}
