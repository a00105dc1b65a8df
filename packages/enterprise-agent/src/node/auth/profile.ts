import { z } from 'zod';
import { AuthError } from '../../common/auth/authError.js';
import type { SessionProfile } from '../../common/auth/storedSession.js';

const meSchema = z.object({
  sub: z.string(),
  org: z.string(),
  email: z.string().optional(),
  groups: z.array(z.string()).default([]),
  mfa: z.boolean(),
  authTime: z.number().optional(),
});

/**
 * Who the access token speaks for, as our API sees it: the API verifies the token against
 * the broker's keys and checks the grant is still alive, so a 401 here means the session
 * was ended at the server (logout elsewhere, refresh reuse, account disabled).
 */
export async function fetchProfile(issuer: string, accessToken: string, timeoutMs = 15_000): Promise<SessionProfile> {
  let res: Response;
  try {
    res = await fetch(`${issuer}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new AuthError('server-failed', `cannot reach ${issuer}: ${(e as Error).message}`, { cause: e });
  }
  if (res.status === 401) {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    throw new AuthError('session-expired', `the server ended this session${body.message ? ` (${body.message})` : ''}; sign in again ("marie login")`);
  }
  if (!res.ok) throw new AuthError('server-failed', `${issuer}/api/v1/me answered ${res.status}`);
  const parsed = meSchema.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) throw new AuthError('server-failed', `${issuer}/api/v1/me answered something unexpected`);
  const { sub, org, email, groups, mfa, authTime } = parsed.data;
  return { sub, org, email, groups, mfa, authTime };
}
