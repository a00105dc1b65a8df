import * as oidc from 'openid-client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Idp } from '../store/idps.js';
import type { IdpStore } from '../store/idps.js';
import { now } from '../store/errors.js';
import { SignInError, takeState } from './upstreamState.js';
import type { UpstreamResult, UpstreamStateRow } from './upstreamState.js';

export { SignInError } from './upstreamState.js';

const STATE_TTL = 600;
const DISCOVERY_TTL_MS = 10 * 60_000;

function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * The broker as an OIDC relying party of a company IdP (openid-client): code flow with PKCE,
 * a one-time state and nonce kept server-side, and the issuer fixed by discovery.
 */
export class UpstreamOidc {
  private readonly configs = new Map<string, { config: oidc.Configuration; at: number }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly idps: IdpStore,
    readonly callbackUrl: string,
  ) {}

  private async configFor(idp: Idp): Promise<oidc.Configuration> {
    const cached = this.configs.get(idp.id);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const issuer = new URL(idp.issuer);
    const secret = await this.idps.clientSecret(idp.id);
    // Plain http is accepted only on loopback (tests, local IdPs); the stores refuse it elsewhere.
    const options = isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined;
    const config = await oidc.discovery(issuer, idp.clientId ?? '', secret, secret ? undefined : oidc.None(), options);
    // Verify ID token signatures against the IdP's JWKS even though they come straight from its
    // token endpoint (which the spec would allow skipping): a wrong or unknown key is refused.
    oidc.enableNonRepudiationChecks(config);
    this.configs.set(idp.id, { config, at: Date.now() });
    return config;
  }

  async begin(idp: Idp, interactionUid: string): Promise<URL> {
    const config = await this.configFor(idp);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    await this.db
      .insertInto('upstream_states')
      .values({ state, interaction_uid: interactionUid, idp_id: idp.id, nonce, code_verifier: verifier, expires_at: now() + STATE_TTL })
      .execute();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
  }

  takeState(state: string | null | undefined): Promise<UpstreamStateRow> {
    return takeState(this.db, state);
  }

  async complete(currentUrl: URL, row: UpstreamStateRow): Promise<UpstreamResult> {
    const idp = await this.idps.get(row.idp_id);
    if (!idp) throw new SignInError('the identity provider was removed during sign-in');
    const config = await this.configFor(idp);
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: row.code_verifier,
        expectedState: row.state,
        expectedNonce: row.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new SignInError('the identity provider returned no ID token');
      return { interactionUid: row.interaction_uid, idp, claims: claims as unknown as Record<string, unknown> };
    } catch (e) {
      if (e instanceof SignInError) throw e;
      throw new SignInError(`the identity provider's response was refused: ${describe(e)}`);
    }
  }
}

function describe(e: unknown): string {
  if (e instanceof oidc.AuthorizationResponseError) return `${e.error}${e.error_description ? ` (${e.error_description})` : ''}`;
  // openid-client wraps the specific check that failed; its message names the claim or header.
  // Only messages are used: the causes also carry the token's claims, which must not leak.
  const messages: string[] = [];
  for (let c: unknown = e; c instanceof Error && messages.length < 4; c = c.cause) messages.push(c.message);
  return messages.length ? messages[messages.length - 1]! : 'unknown error';
}
