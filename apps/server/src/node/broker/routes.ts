import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { escapeHtml, page } from '../oidc/html.js';
import type { UpstreamSaml } from '../saml/upstreamSaml.js';
import type { Services } from '../services.js';
import type { Idp } from '../store/idps.js';
import { now } from '../store/errors.js';
import { grantFirstParty, renderConsent } from './consent.js';
import { identityFromClaims, mapIdentity } from './mapIdentity.js';
import { ACR_MFA, ACR_SSO, evaluateMfa } from './mfa.js';
import type { UpstreamOidc } from './upstreamOidc.js';
import { SignInError } from './upstreamState.js';
import type { UpstreamResult, UpstreamStateRow } from './upstreamState.js';

export interface Broker {
  provider: Provider;
  /** provider.callback(), built once: a Node request handler for every protocol endpoint. */
  handler: ReturnType<Provider['callback']>;
  upstream: UpstreamOidc;
  saml: UpstreamSaml;
  issuer: string;
  audience: string;
}

function refuse(reply: FastifyReply, status: number, reason: string) {
  return reply.code(status).type('text/html').send(page('Sign-in failed', `<p>${escapeHtml(reason)}</p>`));
}

/** Ends the interaction with an error the client receives at its redirect URI (or device poll). */
async function finishWithError(provider: Provider, uid: string, reason: string): Promise<string | undefined> {
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) return undefined;
  interaction.result = { error: 'access_denied', error_description: reason };
  await interaction.save(interaction.exp - now());
  return interaction.returnTo;
}

async function chooseIdps(services: Services, params: Record<string, unknown>): Promise<Idp[]> {
  const orgSlug = typeof params.org === 'string' ? params.org : undefined;
  const idpName = typeof params.idp === 'string' ? params.idp : undefined;
  let idps = await services.idps.listAll();
  if (orgSlug) {
    const org = await services.orgs.findBySlug(orgSlug);
    if (!org) throw new SignInError(`no organisation ${orgSlug}`);
    idps = idps.filter((i) => i.orgId === org.id);
  }
  return idpName ? idps.filter((i) => i.name === idpName) : idps;
}

const begin = (b: Broker, idp: Idp, uid: string) => (idp.kind === 'saml' ? b.saml.begin(idp, uid) : b.upstream.begin(idp, uid));

/**
 * Shared end of every upstream sign-in: the org's MFA rule on the upstream claims, the mapping
 * to one of our users, then the login result handed back to oidc-provider (or a refusal).
 */
async function finishUpstream(services: Services, b: Broker, request: FastifyRequest, reply: FastifyReply, row: UpstreamStateRow, complete: () => Promise<UpstreamResult>) {
  try {
    const result = await complete();
    const org = await services.orgs.findById(result.idp.orgId);
    if (!org) throw new SignInError('the organisation no longer exists');
    const auth = { amr: result.claims.amr, acr: result.claims.acr, authTime: result.claims.auth_time };
    const decision = evaluateMfa(org.mfa, auth, now());
    if (!decision.ok) throw new SignInError(decision.reason);
    const user = await mapIdentity(services, result.idp, identityFromClaims(result.claims));
    const interaction = await b.provider.Interaction.find(result.interactionUid);
    if (!interaction) throw new SignInError('the sign-in session expired; start again from the application');
    const amr = Array.isArray(auth.amr) ? auth.amr.filter((m): m is string => typeof m === 'string') : undefined;
    interaction.result = {
      login: { accountId: user.id, acr: decision.mfa ? ACR_MFA : ACR_SSO, amr, ts: typeof auth.authTime === 'number' ? auth.authTime : now(), remember: false },
    };
    await interaction.save(interaction.exp - now());
    request.log.info({ org: org.slug, user: user.id, mfa: decision.mfa, idp: result.idp.kind }, 'upstream sign-in accepted');
    return reply.redirect(interaction.returnTo, 303);
  } catch (e) {
    if (!(e instanceof SignInError)) throw e;
    request.log.warn({ reason: e.message }, 'upstream sign-in refused');
    const to = await finishWithError(b.provider, row.interaction_uid, e.message);
    return to ? reply.redirect(to, 303) : refuse(reply, 400, e.message);
  }
}

export function registerBrokerRoutes(app: FastifyInstance, services: Services, broker: () => Broker | undefined): void {
  const ready = (reply: FastifyReply): Broker | undefined => {
    const b = broker();
    if (!b) void reply.code(503).send({ code: 'E_BUSY', message: 'starting' });
    return b;
  };

  app.get<{ Params: { uid: string } }>('/interaction/:uid', async (request, reply) => {
    const b = ready(reply);
    if (!b) return reply;
    let details;
    try {
      details = await b.provider.interactionDetails(request.raw, reply.raw);
    } catch {
      return refuse(reply, 400, 'this sign-in session has expired or belongs to another browser; start again from the application');
    }
    if (details.uid !== request.params.uid) return refuse(reply, 400, 'interaction mismatch; start again from the application');
    if (details.prompt.name === 'consent') return renderConsent(reply, services, details);
    if (details.prompt.name !== 'login') {
      const to = await finishWithError(b.provider, details.uid, `unsupported prompt ${details.prompt.name}`);
      return to ? reply.redirect(to, 303) : refuse(reply, 400, 'sign-in session expired');
    }
    try {
      const idps = await chooseIdps(services, details.params);
      if (idps.length === 0) throw new SignInError('no identity provider is configured for this organisation');
      if (idps.length === 1) return reply.redirect((await begin(b, idps[0]!, details.uid)).href, 303);
      const links = idps.map((i) => `<li><a href="/interaction/${encodeURIComponent(details.uid)}/idp/${encodeURIComponent(i.id)}">${escapeHtml(i.name)}</a></li>`);
      return reply.type('text/html').send(page('Choose how to sign in', `<ul>${links.join('')}</ul>`));
    } catch (e) {
      if (!(e instanceof SignInError)) throw e;
      const to = await finishWithError(b.provider, details.uid, e.message);
      return to ? reply.redirect(to, 303) : refuse(reply, 400, e.message);
    }
  });

  app.post<{ Params: { uid: string } }>('/interaction/:uid/confirm', async (request, reply) => {
    const b = ready(reply);
    if (!b) return reply;
    const details = await b.provider.interactionDetails(request.raw, reply.raw).catch(() => undefined);
    if (!details || details.uid !== request.params.uid || details.prompt.name !== 'consent') return refuse(reply, 400, 'this sign-in session has expired; start again from the application');
    const result = await grantFirstParty(b.provider, details);
    if (!result) return refuse(reply, 400, 'this application may not be confirmed here');
    return reply.redirect(await b.provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: true }), 303);
  });

  app.get<{ Params: { uid: string; idpId: string } }>('/interaction/:uid/idp/:idpId', async (request, reply) => {
    const b = ready(reply);
    if (!b) return reply;
    const details = await b.provider.interactionDetails(request.raw, reply.raw).catch(() => undefined);
    if (!details || details.uid !== request.params.uid) return refuse(reply, 400, 'this sign-in session has expired; start again from the application');
    const idp = (await chooseIdps(services, details.params)).find((i) => i.id === request.params.idpId);
    if (!idp) return refuse(reply, 400, 'that identity provider is not available for this sign-in');
    return reply.redirect((await begin(b, idp, details.uid)).href, 303);
  });

  app.get('/upstream/oidc/callback', async (request, reply) => {
    const b = ready(reply);
    if (!b) return reply;
    const url = new URL(request.url, b.upstream.callbackUrl);
    let row: UpstreamStateRow;
    try {
      row = await b.upstream.takeState(url.searchParams.get('state'));
    } catch (e) {
      if (e instanceof SignInError) return refuse(reply, 400, e.message);
      throw e;
    }
    return finishUpstream(services, b, request, reply, row, () => b.upstream.complete(url, row));
  });

  app.post<{ Body: { SAMLResponse?: string; RelayState?: string } }>('/upstream/saml/acs', async (request, reply) => {
    const b = ready(reply);
    if (!b) return reply;
    const body = (request.body ?? {}) as { SAMLResponse?: string; RelayState?: string };
    let row: UpstreamStateRow;
    try {
      row = await b.upstream.takeState(body.RelayState);
    } catch (e) {
      if (e instanceof SignInError) return refuse(reply, 400, e.message);
      throw e;
    }
    return finishUpstream(services, b, request, reply, row, async () => {
      const idp = await services.idps.get(row.idp_id);
      if (!idp || idp.kind !== 'saml') throw new SignInError('the identity provider was removed during sign-in');
      return b.saml.complete(body.SAMLResponse, row, idp);
    });
  });
}
