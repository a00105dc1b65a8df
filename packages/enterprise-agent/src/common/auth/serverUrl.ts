import { AuthError } from './authError.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether plain http is acceptable: only to this machine (a local server or a test stack). */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Parses a server (issuer) URL: https, or http to a loopback address only, with no query,
 * fragment or credentials.
 */
export function parseServerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AuthError('bad-server', `"${text}" is not a URL; pass the server's base URL, e.g. https://marie.corp.example`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    throw new AuthError('bad-server', `${url.origin} is not https; tokens are only sent over https (plain http only to this machine)`);
  }
  if (url.username || url.password || url.search || url.hash) throw new AuthError('bad-server', 'the server URL must not carry credentials, a query or a fragment');
  return url;
}

/** The issuer string of a server URL: origin and path, without a trailing slash. */
export const issuerOf = (url: URL): string => `${url.origin}${url.pathname}`.replace(/\/+$/, '');

/**
 * Which server to sign in to: the one given on the command line, else the policy's console
 * URL, else the server of the previous session. When policy names a console URL, signing
 * in elsewhere is refused: the administrator chose the organisation's server.
 */
export function chooseServer(options: { flag?: string; consoleUrl: string | null; previous?: string }): string {
  const pinned = options.consoleUrl === null ? undefined : issuerOf(parseServerUrl(options.consoleUrl));
  if (options.flag !== undefined) {
    const wanted = issuerOf(parseServerUrl(options.flag));
    if (pinned !== undefined && wanted !== pinned) {
      throw new AuthError('bad-server', `policy "ConsoleURL" pins sign-in to ${pinned}; ${wanted} is not allowed on this machine`);
    }
    return wanted;
  }
  if (pinned !== undefined) return pinned;
  if (options.previous !== undefined) return issuerOf(parseServerUrl(options.previous));
  throw new AuthError('bad-server', 'no server to sign in to: pass --server URL (or ask your administrator to set policy "ConsoleURL")');
}
