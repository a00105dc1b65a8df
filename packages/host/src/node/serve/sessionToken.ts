import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A per-run secret: 256 bits, URL-safe. */
export function createSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenMatches(expected: string, candidate: string | undefined | null): boolean {
  if (!candidate) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(candidate);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const SESSION_COOKIE = 'marie_session';

/**
 * The cookie of the host on `port`. Cookies are not isolated by port, so a bare name would be
 * overwritten by any other local server using it (the sign-in broker's own session cookie on
 * 127.0.0.1 is also "marie_session") and by a second `marie serve`.
 */
export const sessionCookieName = (port: number): string => `${SESSION_COOKIE}_${port}`;

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
