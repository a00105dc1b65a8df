import type { FastifyReply, FastifyRequest } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { ACR_MFA } from '../broker/mfa.js';
import type { Services } from '../services.js';

export interface ApiPrincipal {
  sub: string;
  org: string;
  clientId: string;
  mfa: boolean;
  authTime: number | undefined;
}

export interface ApiAuthOptions {
  issuer: string;
  audience: string;
  /** Public JWKS of our own provider: verified locally, no network hop per request. */
  jwks: JWTVerifyGetKey;
}

export function localJwks(keys: object[]): JWTVerifyGetKey {
  return createLocalJWKSet({ keys: keys as never });
}

async function grantAlive(services: Services, grantId: string): Promise<boolean> {
  const row = await services.db.kysely
    .selectFrom('oidc_payloads')
    .select('expires_at')
    .where('kind', '=', 'Grant')
    .where('id', '=', grantId)
    .executeTakeFirst();
  return !!row && (row.expires_at === null || row.expires_at > Math.floor(Date.now() / 1000));
}

function deny(reply: FastifyReply, status: 401 | 403, code: string, message: string) {
  if (status === 401) void reply.header('www-authenticate', `Bearer error="invalid_token"`);
  return reply.code(status).send({ code, message });
}

/**
 * Verifies our JWT access tokens (signature, issuer, audience, expiry, at+jwt type) and, for
 * sensitive routes, re-checks the MFA outcome and its age against the org's current rule.
 */
export function requireAuth(services: Services, getOpts: () => ApiAuthOptions | undefined, route: { mfa: boolean }) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const opts = getOpts();
    if (!opts) return reply.code(503).send({ code: 'E_BUSY', message: 'starting' });
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) return deny(reply, 401, 'E_UNAUTHORIZED', 'a bearer access token is required');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(header.slice(7), opts.jwks, { issuer: opts.issuer, audience: opts.audience, typ: 'at+jwt', algorithms: ['ES256'] }));
    } catch (e) {
      return deny(reply, 401, 'E_UNAUTHORIZED', `access token refused: ${(e as Error).message}`);
    }
    if (typeof payload.gid !== 'string' || !(await grantAlive(services, payload.gid))) {
      return deny(reply, 401, 'E_UNAUTHORIZED', 'the sign-in behind this token was revoked; sign in again');
    }
    const org = typeof payload.org === 'string' ? await services.orgs.findBySlug(payload.org) : undefined;
    const user = payload.sub ? await services.users.findById(payload.sub) : undefined;
    if (!org || !user || user.orgId !== org.id || user.disabled) return deny(reply, 401, 'E_UNAUTHORIZED', 'the account behind this token no longer exists or is disabled');
    const authTime = typeof payload.auth_time === 'number' ? payload.auth_time : undefined;
    const principal: ApiPrincipal = { sub: user.id, org: org.slug, clientId: String(payload.client_id), mfa: payload.acr === ACR_MFA, authTime };
    if (route.mfa && org.mfa.required) {
      if (!principal.mfa) return deny(reply, 403, 'E_PERMISSION_DENIED', 'this action requires a sign-in with multi-factor authentication');
      const age = Math.floor(Date.now() / 1000) - (authTime ?? 0);
      if (age > org.mfa.maxAuthAgeSeconds) return deny(reply, 403, 'E_PERMISSION_DENIED', `this action requires a multi-factor sign-in within ${org.mfa.maxAuthAgeSeconds}s; sign in again`);
    }
    request.principal = principal;
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: ApiPrincipal;
  }
}
