import { generateServiceProviderMetadata } from '@node-saml/node-saml';
import type { FastifyInstance } from 'fastify';

/** Our SP metadata, for the admin to load into the company's SAML IdP. */
export function registerSpMetadataRoute(app: FastifyInstance, sp: () => { entityId: string; acsUrl: string } | undefined): void {
  app.get('/saml/sp/metadata', async (_request, reply) => {
    const s = sp();
    if (!s) return reply.code(503).send({ code: 'E_BUSY', message: 'starting' });
    const xml = generateServiceProviderMetadata({ issuer: s.entityId, callbackUrl: s.acsUrl, identifierFormat: null, wantAssertionsSigned: true });
    return reply.type('application/samlmetadata+xml').send(xml);
  });
}
