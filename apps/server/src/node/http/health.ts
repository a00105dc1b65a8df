import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '../services.js';

/** /healthz: the process answers. /readyz: it can reach its database and the broker is up. */
export function registerHealthRoutes(app: FastifyInstance, services: Services, isReady: () => boolean): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(services.db.kysely);
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
    if (!isReady()) return reply.code(503).send({ status: 'starting' });
    return { status: 'ready', database: services.db.kind };
  });
}
