import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import type { ApiAuthOptions } from './apiAuth.js';
import { requireAuth } from './apiAuth.js';

/** The API our clients call with access tokens. Later issues add policy, audit and devices. */
export function registerApiRoutes(app: FastifyInstance, services: Services, auth: () => ApiAuthOptions | undefined): void {
  app.get('/api/v1/me', { preHandler: requireAuth(services, auth, { mfa: false }) }, async (request) => {
    const p = request.principal!;
    const user = await services.users.findById(p.sub);
    return { sub: p.sub, org: p.org, email: user?.email, groups: user?.groups ?? [], mfa: p.mfa, authTime: p.authTime, clientId: p.clientId };
  });

  // A sensitive route: passes only when the org's MFA rule holds for this token right now.
  app.get('/api/v1/session/step-up', { preHandler: requireAuth(services, auth, { mfa: true }) }, async (request) => {
    return { ok: true, mfa: request.principal!.mfa };
  });
}
