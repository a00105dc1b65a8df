import type { FastifyReply } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { FIRST_PARTY_IDS } from '../oidc/clients.js';
import { escapeHtml, page } from '../oidc/html.js';
import type { Services } from '../services.js';

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/**
 * oidc-provider asks a person to confirm every native-app sign-in (RFC 8252 §8.6: a loopback
 * redirect cannot prove which app is listening). The page names the app, the account and the
 * port, and posts back to a path only this browser's interaction cookie can use.
 */
export async function renderConsent(reply: FastifyReply, services: Services, details: Details) {
  const clientId = String(details.params.client_id);
  const user = details.session?.accountId ? await services.users.findById(details.session.accountId) : undefined;
  const redirect = typeof details.params.redirect_uri === 'string' ? details.params.redirect_uri : '';
  const body =
    `<p><b>${escapeHtml(clientId)}</b> wants to sign in as <b>${escapeHtml(user?.email ?? 'you')}</b>.</p>` +
    (redirect ? `<p>It will receive the result at <code>${escapeHtml(redirect)}</code>.</p>` : '') +
    `<form method="post" action="/interaction/${encodeURIComponent(details.uid)}/confirm"><button type="submit" autofocus>Continue</button></form>` +
    `<p>If you did not start this sign-in, close this window.</p>`;
  return reply.type('text/html').send(page('Confirm sign-in', body));
}

/** Grants a first-party client what the prompt says is missing; other clients get nothing here. */
export async function grantFirstParty(provider: Provider, details: Details): Promise<InteractionResults | undefined> {
  const clientId = String(details.params.client_id);
  if (!FIRST_PARTY_IDS.has(clientId) || !details.session?.accountId) return undefined;
  const existingId = details.grantId;
  const grant = (existingId ? await provider.Grant.find(existingId) : undefined) ?? new provider.Grant({ clientId, accountId: details.session.accountId });
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
  return { consent: { grantId: await grant.save() } };
}
