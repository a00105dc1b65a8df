import Provider, { errors } from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { ACR_MFA, ACR_SSO } from '../broker/mfa.js';
import type { Services } from '../services.js';
import { makeFindAccount } from './accounts.js';
import { KyselyAdapter } from './adapter.js';
import { FIRST_PARTY_IDS, firstPartyClients } from './clients.js';
import { successSource, userCodeConfirmSource, userCodeInputSource } from './devicePages.js';
import { escapeHtml, page } from './html.js';

export const API_SCOPE = 'api';
export const ACCESS_TOKEN_TTL = 900;

export const apiAudience = (issuer: string): string => `${issuer}/api`;

/**
 * First-party clients never show a consent screen: the grant is extended to what they asked
 * for. Third-party clients do not exist yet; when they do, they go through the consent prompt.
 */
async function loadFirstPartyGrant(ctx: KoaContextWithOIDC, audience: string) {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = (ctx.oidc.result?.consent as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (!FIRST_PARTY_IDS.has(client.clientId)) return existing;
  const grant = existing ?? new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
  grant.addOIDCClaims(['email', 'email_verified', 'name', 'org', 'groups']);
  grant.addResourceScope(audience, API_SCOPE);
  await grant.save();
  return grant;
}

/** Carries the MFA outcome and org into access tokens, so the API re-checks them per route. */
async function extraTokenClaims(ctx: KoaContextWithOIDC, services: Services) {
  const e = ctx.oidc.entities;
  const source = e.AuthorizationCode ?? e.RefreshToken ?? e.DeviceCode;
  const account = e.Account;
  const user = account ? await services.users.findById(account.accountId) : undefined;
  const org = user ? await services.orgs.findById(user.orgId) : undefined;
  // gid lets the API see a revoked grant (code replay, refresh reuse, logout) at once,
  // instead of honouring the stateless JWT until it expires.
  return { org: org?.slug, acr: source?.acr, amr: source?.amr, auth_time: source?.authTime, gid: e.Grant?.jti };
}

export async function createProvider(issuer: string, services: Services, trustProxy = false): Promise<Provider> {
  const audience = apiAudience(issuer);
  const db = services.db.kysely;
  const config: Configuration = {
    adapter: (name: string) => new KyselyAdapter(db, name),
    clients: firstPartyClients(issuer),
    findAccount: makeFindAccount(services),
    jwks: { keys: (await services.signingKeys.privateJwks()) as never },
    cookies: { keys: [await services.signingKeys.secret('cookie-key')], names: { session: 'marie_session', interaction: 'marie_interaction', resume: 'marie_resume' } },
    // Code flow only: no implicit or hybrid responses carrying tokens in URLs.
    responseTypes: ['code', 'none'],
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'org', API_SCOPE],
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name'], org: ['org', 'groups'] },
    acrValues: [ACR_MFA, ACR_SSO],
    // org/idp let a client preselect where to sign in; without them the broker asks.
    extraParams: ['org', 'idp'],
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true, userCodeInputSource, userCodeConfirmSource: userCodeConfirmSource as never, successSource },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== audience) throw new errors.InvalidTarget();
          return { scope: API_SCOPE, audience, accessTokenTTL: ACCESS_TOKEN_TTL, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
        },
      },
    },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: (ctx) => loadFirstPartyGrant(ctx, audience),
    // Every refresh consumes the old token; presenting a consumed one revokes the whole grant.
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    extraTokenClaims: (ctx) => extraTokenClaims(ctx, services),
    ttl: { AccessToken: ACCESS_TOKEN_TTL, AuthorizationCode: 60, IdToken: 900, DeviceCode: 600, Interaction: 900, Session: 14 * 86400, Grant: 30 * 86400, RefreshToken: 30 * 86400 },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      const lines = Object.entries(out).map(([k, v]) => `<p><b>${escapeHtml(k)}</b>: ${escapeHtml(String(v))}</p>`);
      ctx.body = page('Sign-in failed', lines.join(''));
    },
  };
  const provider = new Provider(issuer, config);
  // Behind a TLS-terminating proxy, X-Forwarded-Proto tells Koa the request was https.
  provider.proxy = trustProxy;
  return provider;
}
