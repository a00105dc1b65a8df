import type { AddressInfo } from 'node:net';
import { registerAuditRoutes } from './audit/routes.js';
import { UpstreamOidc } from './broker/upstreamOidc.js';
import type { ServerConfig } from './config/config.js';
import { loadMasterKey } from './crypto/masterKey.js';
import { openDb } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { registerApiRoutes } from './http/api.js';
import type { ApiAuthOptions } from './http/apiAuth.js';
import { localJwks } from './http/apiAuth.js';
import { buildApp } from './http/app.js';
import { registerKeyRoutes } from './keys/routes.js';
import { purgeExpired } from './oidc/adapter.js';
import { apiAudience, createProvider } from './oidc/provider.js';
import { UpstreamSaml } from './saml/upstreamSaml.js';
import { createServices } from './services.js';
import type { Services } from './services.js';

export interface RunningServer {
  url: string;
  services: Services;
  close(): Promise<void>;
}

export interface StartOptions {
  log?: boolean;
  rateLimitPerMinute?: number;
}

function publicJwk(jwk: Record<string, unknown>): Record<string, unknown> {
  const { d: _d, ...pub } = jwk;
  return pub;
}

/** Opens storage, migrates, listens, then builds the broker for the URL it actually bound. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const masterKey = loadMasterKey(config.masterKey);
  const db = openDb(config.db);
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  const services = createServices(db, masterKey);
  const { app, setBroker } = buildApp(services, { log: options.log ?? false, rateLimitPerMinute: options.rateLimitPerMinute ?? 60, trustProxy: config.trustProxy });
  // Filled in once the bound URL (and so the issuer) is known.
  const apiAuth: { current?: ApiAuthOptions } = {};
  registerApiRoutes(app, services, () => apiAuth.current);
  registerKeyRoutes(app, services, () => apiAuth.current);
  registerAuditRoutes(app, services, () => apiAuth.current);
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address() as AddressInfo;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const issuer = config.publicUrl ?? `http://${hostForUrl}:${port}`;

  const provider = await createProvider(issuer, services, config.trustProxy);
  provider.on('server_error', (_ctx, err) => app.log.error({ err: { message: err.message } }, 'oidc server error'));
  const audience = apiAudience(issuer);
  const jwks = (await services.signingKeys.privateJwks()).map((k) => publicJwk(k as Record<string, unknown>));
  apiAuth.current = { issuer, audience, jwks: localJwks(jwks) };
  setBroker({
    provider,
    handler: provider.callback(),
    upstream: new UpstreamOidc(db.kysely, services.idps, `${issuer}/upstream/oidc/callback`),
    saml: new UpstreamSaml(db.kysely, `${issuer}/saml/sp`, `${issuer}/upstream/saml/acs`),
    issuer,
    audience,
  });

  const purge = setInterval(() => void purgeExpired(db.kysely).catch(() => undefined), 10 * 60_000);
  purge.unref();
  return {
    url: issuer,
    services,
    async close() {
      clearInterval(purge);
      await app.close();
      await db.close();
    },
  };
}
