import type { PolicyValues } from '../policy/registry/index.js';
import { AuthError } from './authError.js';
import type { StoredSession } from './storedSession.js';

export type SessionPolicy = Pick<PolicyValues, 'SessionMaxAge' | 'IdleTimeout' | 'AllowedOrganizationId'>;

const MINUTE = 60_000;

/** When the session must end by policy (epoch ms), or null when policy sets no limit. */
export function sessionDeadlines(session: Pick<StoredSession, 'signedInAt' | 'lastUsedAt'>, policy: SessionPolicy): { maxAgeAt: number | null; idleAt: number | null } {
  return {
    maxAgeAt: policy.SessionMaxAge === null ? null : session.signedInAt + policy.SessionMaxAge * MINUTE,
    idleAt: policy.IdleTimeout === null ? null : session.lastUsedAt + policy.IdleTimeout * MINUTE,
  };
}

/**
 * Throws `session-expired` when the session passed the policy's maximum age or idle
 * timeout. Evaluated against the policy in force now, so tightening the policy ends
 * sessions that were fine when they started.
 */
export function checkSessionAge(session: Pick<StoredSession, 'signedInAt' | 'lastUsedAt'>, policy: SessionPolicy, now: number): void {
  const { maxAgeAt, idleAt } = sessionDeadlines(session, policy);
  if (maxAgeAt !== null && now >= maxAgeAt) {
    throw new AuthError('session-expired', `Your session is older than the ${policy.SessionMaxAge} minutes policy "SessionMaxAge" allows; sign in again ("marie login").`);
  }
  if (idleAt !== null && now >= idleAt) {
    throw new AuthError('session-expired', `Your session was idle for longer than the ${policy.IdleTimeout} minutes policy "IdleTimeout" allows; sign in again ("marie login").`);
  }
}

/** Throws `org-not-allowed` when policy pins an organisation and the account is in another. */
export function checkOrganisation(org: string, policy: Pick<SessionPolicy, 'AllowedOrganizationId'>): void {
  const allowed = policy.AllowedOrganizationId;
  if (allowed !== null && org !== allowed) {
    throw new AuthError('org-not-allowed', `This account belongs to the organisation "${org}", but policy "AllowedOrganizationId" allows only "${allowed}". Sign in with an account of "${allowed}".`);
  }
}
