import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ApiAuthOptions } from '../http/apiAuth.js';
import { requireAuth } from '../http/apiAuth.js';
import type { Services } from '../services.js';
import { enrolDevice } from './devices.js';
import { exportCsv, exportJsonl } from './exportStream.js';
import { alertOverdueCheckpoints } from './ingest.js';
import { registerIngestRoute } from './ingestRoute.js';
import { searchEvents } from './query.js';
import { FilterError, queryFilterSchema, type QueryFilter } from './queryFilter.js';
import { SiemForwarder } from './siem/forwarder.js';
import { siemSinksFromEnv } from './siem/siemConfig.js';
import { ensureMonthlyPartitions } from './partitions.js';
import { getRetention, purgeExpiredAudit, setRetention } from './retention.js';
import { auditDb } from './tables.js';

export interface AuditRouteOptions {
  /** Groups whose members may read the org's audit trail (until roles exist). */
  readerGroups: string[];
  /** Groups whose members may change retention and legal hold. */
  adminGroups: string[];
  /** How often the retention purge runs; 0 turns it off. */
  purgeIntervalMs: number;
  maxConcurrentIngest: number;
  maxQueuedIngest: number;
  /** A device silent (no checkpoint) for longer raises `checkpoint-overdue`; 0 turns the sweep off. */
  checkpointOverdueMs: number;
}

/**
 * From the environment: MARIE_AUDIT_READER_GROUPS, MARIE_AUDIT_ADMIN_GROUPS (comma-separated),
 * MARIE_AUDIT_INGEST_CONCURRENCY, MARIE_AUDIT_INGEST_QUEUE, MARIE_AUDIT_CHECKPOINT_OVERDUE_S, MARIE_AUDIT_PURGE_INTERVAL_S.
 */
export function auditOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AuditRouteOptions {
  return {
    readerGroups: groups(env.MARIE_AUDIT_READER_GROUPS ?? 'audit-readers,admins'),
    adminGroups: groups(env.MARIE_AUDIT_ADMIN_GROUPS ?? 'admins'),
    purgeIntervalMs: Number(env.MARIE_AUDIT_PURGE_INTERVAL_S ?? 3600) * 1000,
    // Below the PostgreSQL pool's 10 connections, so searches and sign-ins still get one.
    maxConcurrentIngest: Number(env.MARIE_AUDIT_INGEST_CONCURRENCY ?? 6),
    maxQueuedIngest: Number(env.MARIE_AUDIT_INGEST_QUEUE ?? 64),
    checkpointOverdueMs: Number(env.MARIE_AUDIT_CHECKPOINT_OVERDUE_S ?? 3600) * 1000,
  };
}

const groups = (text: string) => text.split(',').map((g) => g.trim()).filter(Boolean);

const retentionBody = z.object({ days: z.number().int().min(1).max(36_500).nullable(), legalHold: z.boolean() }).strict();

const enrolBody = z.object({ device: z.string().max(128), publicKey: z.string().max(200) }).strict();

export function registerAuditRoutes(app: FastifyInstance, services: Services, auth: () => ApiAuthOptions | undefined, options: AuditRouteOptions = auditOptionsFromEnv()): void {
  const signedIn = { preHandler: requireAuth(services, auth, { mfa: false }) };
  // Reading the trail is sensitive: MFA re-checked, and only for the reader groups.
  const reader = { preHandler: [requireAuth(services, auth, { mfa: true }), groupCheck(services, options.readerGroups, 'reading the audit trail')] };
  const admin = { preHandler: [requireAuth(services, auth, { mfa: true }), groupCheck(services, options.adminGroups, 'changing audit retention')] };
  const orgIdOf = async (request: FastifyRequest) => (await services.orgs.get(request.principal!.org)).id;

  app.post('/api/v1/audit/devices', signedIn, async (request, reply) => {
    const body = enrolBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ code: 'E_INVALID_INPUT', message: body.error.issues.map((i) => i.message).join('; ') });
    const r = await enrolDevice(services.db, await orgIdOf(request), request.principal!.sub, body.data.device, body.data.publicKey);
    if (!r.ok) return reply.code(r.status).send({ code: r.status === 409 ? 'E_EXISTS' : 'E_INVALID_INPUT', message: r.message });
    return { org: request.principal!.org, device: body.data.device };
  });

  registerIngestRoute(app, services, { maxConcurrent: options.maxConcurrentIngest, maxQueued: options.maxQueuedIngest });

  app.get('/api/v1/audit/events', reader, async (request, reply) => {
    const f = parseFilter(request, reply);
    if (!f) return reply;
    return withFilterErrors(reply, async () => searchEvents(services.db, await orgIdOf(request), f));
  });

  app.get('/api/v1/audit/export', reader, async (request, reply) => {
    const f = parseFilter(request, reply);
    if (!f) return reply;
    const orgId = await orgIdOf(request);
    const csv = f.format === 'csv';
    const lines = csv ? exportCsv(services.db, orgId, f) : exportJsonl(services.db, orgId, f);
    // Pull the first chunk before answering, so a bad filter is a 400 and not a broken stream.
    return withFilterErrors(reply, async () => {
      const first = await lines.next();
      const stream = Readable.from((async function* () {
        if (!first.done) yield first.value;
        yield* lines;
      })());
      return reply.header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson').header('content-disposition', `attachment; filename="audit.${csv ? 'csv' : 'jsonl'}"`).send(stream);
    });
  });

  app.get('/api/v1/audit/alerts', reader, async (request) => {
    const rows = await auditDb(services.db).selectFrom('audit_alerts').selectAll().where('org_id', '=', await orgIdOf(request)).orderBy('at', 'desc').limit(1000).execute();
    return { alerts: rows.map((a) => ({ device: a.device_id, kind: a.kind, seq: a.seq === null ? null : Number(a.seq), detail: a.detail, at: new Date(Number(a.at)).toISOString() })) };
  });

  app.get('/api/v1/audit/retention', reader, async (request) => getRetention(services.db, await orgIdOf(request)));

  app.put('/api/v1/audit/retention', admin, async (request, reply) => {
    const body = retentionBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ code: 'E_INVALID_INPUT', message: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    await setRetention(services.db, await orgIdOf(request), request.principal!.sub, body.data);
    return getRetention(services.db, await orgIdOf(request));
  });

  every(app, options.purgeIntervalMs, () => purgeExpiredAudit(services.db), 'audit retention purge');
  if (services.db.kind === 'postgres') {
    // Next month's partition exists well before it is needed; a start also covers a long downtime.
    void ensureMonthlyPartitions(services.db.kysely as Kysely<unknown>).catch((e: Error) => app.log.error({ err: { message: e.message } }, 'audit partition upkeep failed'));
    every(app, 12 * 3_600_000, () => ensureMonthlyPartitions(services.db.kysely as Kysely<unknown>), 'audit partition upkeep');
  }

  const sinks = siemSinksFromEnv(process.env);
  if (sinks.length) {
    const forwarder = new SiemForwarder(services.db, sinks, { onError: (sink, message) => app.log.warn({ sink, message }, 'audit SIEM delivery failed; retrying') });
    forwarder.start();
    app.addHook('onClose', async () => forwarder.stop());
  }

  every(app, Math.min(60_000, options.checkpointOverdueMs), () => alertOverdueCheckpoints(services.db, options.checkpointOverdueMs), 'audit overdue-checkpoint sweep');
}

/** A background job for the server's life; failures are logged and the next run tries again. */
function every(app: FastifyInstance, intervalMs: number, job: () => Promise<unknown>, name: string): void {
  if (!(intervalMs > 0)) return;
  const timer = setInterval(() => void job().catch((e: Error) => app.log.error({ err: { message: e.message } }, `${name} failed`)), intervalMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}

function groupCheck(services: Services, allowed: string[], what: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const user = await services.users.findById(request.principal!.sub);
    if (!user?.groups.some((g) => allowed.includes(g))) return reply.code(403).send({ code: 'E_PERMISSION_DENIED', message: `${what} requires membership of ${allowed.join(' or ')}` });
  };
}

function parseFilter(request: FastifyRequest, reply: FastifyReply): QueryFilter | undefined {
  const r = queryFilterSchema.safeParse(request.query);
  if (r.success) return r.data;
  void reply.code(400).send({ code: 'E_INVALID_INPUT', message: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  return undefined;
}

async function withFilterErrors<T>(reply: FastifyReply, work: () => Promise<T>) {
  try {
    return await work();
  } catch (e) {
    if (e instanceof FilterError) return reply.code(400).send({ code: 'E_INVALID_INPUT', message: e.message });
    throw e;
  }
}
