import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Broker } from '../broker/routes.js';
import { registerBrokerRoutes } from '../broker/routes.js';
import { registerSpMetadataRoute } from '../saml/spMetadataRoute.js';
import type { Services } from '../services.js';
import { registerHealthRoutes } from './health.js';
import { RateLimiter } from './rateLimit.js';

export interface AppOptions {
  log: boolean;
  /** Requests per minute per client address on the token and device endpoints. */
  rateLimitPerMinute: number;
  /** Off by default: trusting X-Forwarded-For from anyone would let a client pick its own rate-limit key. */
  trustProxy: boolean;
}

/** Endpoints where guessing is the attack: token (codes, refresh tokens), device (user codes). */
const RATE_LIMITED = new Map([
  ['/token', 'token'],
  ['/device/auth', 'device'],
  ['/device', 'device'],
]);

// Query strings on these paths carry codes and states; logs keep the path only.
const pathOnly = (url: string): string => url.split('?')[0] ?? url;

export interface App {
  app: FastifyInstance;
  setBroker(b: Broker): void;
  broker(): Broker | undefined;
}

export function buildApp(services: Services, options: AppOptions): App {
  let broker: Broker | undefined;
  const app = Fastify({
    logger: options.log
      ? {
          level: process.env.MARIE_LOG_LEVEL ?? 'info',
          stream: process.stderr,
          serializers: { req: (r: FastifyRequest) => ({ method: r.method, path: pathOnly(r.url), ip: r.ip }) },
          redact: ['req.headers.authorization', 'req.headers.cookie'],
        }
      : false,
    trustProxy: options.trustProxy,
  });
  const limiter = new RateLimiter(options.rateLimitPerMinute, 60_000);

  const tooMany = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const bucket = request.method === 'POST' ? RATE_LIMITED.get(pathOnly(request.url)) : undefined;
    if (!bucket) return false;
    const wait = limiter.hit(`${bucket}:${request.ip}`);
    if (!wait) return false;
    void reply.code(429).header('retry-after', String(wait)).send({ error: 'slow_down', error_description: `too many requests; retry in ${wait}s` });
    return true;
  };

  // Requests no Fastify route claims go to oidc-provider (a Koa app) before any body parsing.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== undefined) return;
    if (!broker) return reply.code(503).send({ code: 'E_BUSY', message: 'starting' });
    if (tooMany(request, reply)) return reply;
    reply.hijack();
    const handler = broker.handler;
    await new Promise<void>((resolve) => {
      reply.raw.once('close', resolve);
      void Promise.resolve(handler(request.raw, reply.raw)).then(() => resolve(), () => resolve());
    });
  });

  // Our sign-in pages: no scripts, no framing (clickjacking the Continue button), no referrer
  // leaking interaction ids, never cached.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      void reply.headers({
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
    }
    return payload;
  });

  // Only our own HTML forms post here; protocol endpoints were handed over before parsing.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  registerHealthRoutes(app, services, () => broker !== undefined);
  registerBrokerRoutes(app, services, () => broker);
  registerSpMetadataRoute(app, () => broker && { entityId: broker.saml.spEntityId, acsUrl: broker.saml.acsUrl });
  return { app, setBroker: (b) => (broker = b), broker: () => broker };
}
