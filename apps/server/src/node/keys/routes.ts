import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ApiAuthOptions } from '../http/apiAuth.js';
import { requireAuth } from '../http/apiAuth.js';
import type { Services } from '../services.js';
import { KekError, kekIdOf } from './kekService.js';

const wrapBody = z.object({ deviceId: z.string(), dataKey: z.string().max(100) }).strict();
// Shaped like the agent's WrappedKey ({kekId, blob}) so its KeyWrapper passes it through.
const unwrapBody = z.object({ deviceId: z.string(), kekId: z.string().max(20), blob: z.string().max(1000) }).strict();

const STATUS = { 'kek-disabled': [403, 'E_PERMISSION_DENIED'], 'kek-destroyed': [410, 'E_NOT_FOUND'], 'wrapped-key-invalid': [400, 'E_INVALID_INPUT'], 'bad-input': [400, 'E_INVALID_INPUT'] } as const;

async function answer(reply: FastifyReply, work: () => Promise<object>) {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof KekError)) throw e;
    const [status, code] = STATUS[e.reason];
    return reply.code(status).send({ code, reason: e.reason, message: e.message });
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | undefined {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  void reply.code(400).send({ code: 'E_INVALID_INPUT', message: r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
  return undefined;
}

/** Key service for the caller's own org; key material is sensitive, so MFA is re-checked. */
export function registerKeyRoutes(app: FastifyInstance, services: Services, auth: () => ApiAuthOptions | undefined): void {
  const guard = { preHandler: requireAuth(services, auth, { mfa: true }) };
  const orgId = async (slug: string) => (await services.orgs.get(slug)).id;

  app.get('/api/v1/keys/status', guard, async (request) => services.keks.status(await orgId(request.principal!.org)));

  app.post('/api/v1/keys/wrap', guard, async (request, reply) => {
    const body = parse(wrapBody, request.body, reply);
    if (!body) return reply;
    return answer(reply, async () => {
      const r = await services.keks.wrap(await orgId(request.principal!.org), body.deviceId, Buffer.from(body.dataKey, 'base64'));
      return { kekId: `v${r.version}`, blob: r.wrapped };
    });
  });

  app.post('/api/v1/keys/unwrap', guard, async (request, reply) => {
    const body = parse(unwrapBody, request.body, reply);
    if (!body) return reply;
    return answer(reply, async () => {
      if (kekIdOf(body.blob) !== body.kekId) throw new KekError('wrapped-key-invalid', 'kekId does not match the wrapped key');
      return { dataKey: (await services.keks.unwrap(await orgId(request.principal!.org), body.deviceId, body.blob)).toString('base64') };
    });
  });

  app.post('/api/v1/keys/rewrap', guard, async (request, reply) => {
    const body = parse(unwrapBody, request.body, reply);
    if (!body) return reply;
    return answer(reply, async () => {
      if (kekIdOf(body.blob) !== body.kekId) throw new KekError('wrapped-key-invalid', 'kekId does not match the wrapped key');
      const r = await services.keks.rewrap(await orgId(request.principal!.org), body.deviceId, body.blob);
      return { kekId: `v${r.version}`, blob: r.wrapped };
    });
  });
}
