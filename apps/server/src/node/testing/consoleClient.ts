import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import * as oidc from 'openid-client';

/**
 * Test-only: openid-client as the web console (`marie-console`), and signature checks of
 * what the broker issues. Lives beside the server so e2e tests need no deps of their own.
 */
export async function consoleClient(issuer: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), 'marie-console', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
}

export const consoleRedirectUri = (issuer: string) => `${issuer}/console/callback`;

export interface ConsoleAuthorization {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** The authorization request a console page would send, with PKCE S256, state and nonce. */
export async function consoleAuthorization(config: oidc.Configuration, redirectUri = consoleRedirectUri(config.serverMetadata().issuer)): Promise<ConsoleAuthorization> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email api',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, verifier, state, nonce };
}

/** Exchanges the code from the callback; openid-client checks state, nonce, iss and aud of the ID token. */
export async function consoleExchange(config: oidc.Configuration, auth: ConsoleAuthorization, callback: URL): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  return oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: auth.verifier, expectedState: auth.state, expectedNonce: auth.nonce });
}

/** Verifies a broker JWT's signature against the published JWKS, with issuer and audience. */
export async function verifyBrokerJwt(config: oidc.Configuration, token: string, audience: string): Promise<JWTPayload> {
  const { issuer, jwks_uri } = config.serverMetadata();
  const jwks = createRemoteJWKSet(new URL(jwks_uri!));
  return (await jwtVerify(token, jwks, { issuer, audience })).payload;
}
