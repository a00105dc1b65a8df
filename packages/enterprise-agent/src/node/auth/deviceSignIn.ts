import * as oidc from 'openid-client';
import { AuthError } from '../../common/auth/authError.js';
import { SIGN_IN_SCOPE, type TokenSet } from './browserSignIn.js';
import { describeOidcError, oauthErrorCode } from './discovery.js';

export interface DeviceCode {
  userCode: string;
  verificationUri: string;
  /** The same page with the code filled in, when the server offers it. */
  verificationUriComplete?: string;
  expiresInSeconds: number;
}

export interface DeviceSignInOptions {
  /** Shows the code and where to enter it; the sign-in then completes on another device. */
  onCode(code: DeviceCode): void;
  signal?: AbortSignal;
  org?: string;
}

/**
 * The device authorization grant (RFC 8628) for terminals without a browser. openid-client's
 * poll loop honours the server's `interval`, adds 5 s on each `slow_down` and waits out a
 * `Retry-After`; we bound it by the code's `expires_in` as well as the caller's signal (the
 * library applies the expiry only when no signal is given).
 */
export async function deviceSignIn(config: oidc.Configuration, options: DeviceSignInOptions): Promise<TokenSet> {
  let da: oidc.DeviceAuthorizationResponse;
  try {
    da = await oidc.initiateDeviceAuthorization(config, { scope: SIGN_IN_SCOPE, ...(options.org ? { org: options.org } : {}) });
  } catch (e) {
    throw new AuthError('server-failed', `the server did not start a device sign-in: ${describeOidcError(e)}`, { cause: e });
  }
  options.onCode({ userCode: da.user_code, verificationUri: da.verification_uri, verificationUriComplete: da.verification_uri_complete, expiresInSeconds: da.expires_in });
  const expiry = AbortSignal.timeout(da.expires_in * 1000);
  const signal = options.signal ? AbortSignal.any([options.signal, expiry]) : expiry;
  try {
    return await oidc.pollDeviceAuthorizationGrant(config, da, undefined, { signal });
  } catch (e) {
    if (expiry.aborted || oauthErrorCode(e) === 'expired_token') throw new AuthError('sign-in-timeout', `the code ${da.user_code} expired before the sign-in was completed; run the sign-in again`, { cause: e });
    if (options.signal?.aborted) throw new AuthError('sign-in-timeout', 'the sign-in was cancelled', { cause: e });
    if (oauthErrorCode(e) === 'access_denied') throw new AuthError('sign-in-refused', `the sign-in was refused: ${describeOidcError(e)}`, { cause: e });
    throw new AuthError('server-failed', `the device sign-in failed: ${describeOidcError(e)}`, { cause: e });
  }
}
