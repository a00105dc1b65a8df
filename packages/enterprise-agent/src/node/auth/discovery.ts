import * as oidc from 'openid-client';
import { AuthError } from '../../common/auth/authError.js';
import { isLoopbackUrl } from '../../common/auth/serverUrl.js';

export type ClientId = 'marie-desktop' | 'marie-cli';

/**
 * Our broker's metadata for one of our public clients. openid-client refuses plain http;
 * we allow it only for a server on this machine (parseServerUrl already refused the rest).
 */
export async function discoverBroker(issuer: string, clientId: ClientId, timeoutSeconds = 15): Promise<oidc.Configuration> {
  const url = new URL(issuer);
  const execute = url.protocol === 'http:' && isLoopbackUrl(url) ? [oidc.allowInsecureRequests] : [];
  try {
    return await oidc.discovery(url, clientId, undefined, oidc.None(), { execute, timeout: timeoutSeconds });
  } catch (e) {
    throw new AuthError('server-failed', `cannot read the sign-in configuration of ${issuer}: ${describeOidcError(e)}`, { cause: e });
  }
}

/** One line for people from whatever openid-client or the network threw; never includes tokens. */
export function describeOidcError(e: unknown): string {
  if (e instanceof oidc.ResponseBodyError || e instanceof oidc.AuthorizationResponseError) {
    return e.error_description ? `${e.error}: ${e.error_description}` : e.error;
  }
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String((cause as { code: unknown }).code)})` : '';
    return `${e.message}${code}`;
  }
  return String(e);
}

/** The OAuth error code in a response the server refused, if that is what `e` is. */
export function oauthErrorCode(e: unknown): string | undefined {
  return e instanceof oidc.ResponseBodyError || e instanceof oidc.AuthorizationResponseError ? e.error : undefined;
}
