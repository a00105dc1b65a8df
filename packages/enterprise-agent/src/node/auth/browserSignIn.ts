import * as oidc from 'openid-client';
import { AuthError } from '../../common/auth/authError.js';
import { describeOidcError } from './discovery.js';
import { LoopbackListener } from './loopbackListener.js';

/** What our clients ask for: the API audience, and a refresh token so the CLI stays signed in. */
export const SIGN_IN_SCOPE = 'openid email offline_access api';

export interface BrowserSignInOptions {
  /** Shows the authorization URL to the user: the system browser, or printed. */
  openUrl(url: string): Promise<void> | void;
  /** Called once the listener is bound, before the browser opens (tests, diagnostics). */
  onListening?(listener: LoopbackListener): void;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Preselects the organisation at the broker (policy "AllowedOrganizationId"). */
  org?: string;
}

export type TokenSet = oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;

/**
 * Authorization code + PKCE (S256) through the user's browser, answered on a loopback
 * listener (RFC 8252). openid-client checks state, the `iss` of the response, the nonce and
 * the ID token's claims; the listener already refused responses with another state.
 */
export async function browserSignIn(config: oidc.Configuration, options: BrowserSignInOptions): Promise<TokenSet> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const listener = await LoopbackListener.start(state);
  try {
    options.onListening?.(listener);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: listener.redirectUri,
      scope: SIGN_IN_SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(options.org ? { org: options.org } : {}),
    });
    // Waiting starts before the browser opens, so a fast answer is not missed.
    const callback = listener.waitForCallback({ timeoutMs: options.timeoutMs, signal: options.signal });
    await options.openUrl(url.href);
    const answer = await callback;
    const error = answer.searchParams.get('error');
    if (error) throw new AuthError('sign-in-refused', `the sign-in was refused: ${answer.searchParams.get('error_description') ?? error}`);
    try {
      return await oidc.authorizationCodeGrant(config, answer, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    } catch (e) {
      throw new AuthError('sign-in-refused', `the server did not accept the sign-in: ${describeOidcError(e)}`, { cause: e });
    }
  } finally {
    await listener.close();
  }
}
