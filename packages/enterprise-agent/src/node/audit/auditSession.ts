import type { AgentAuth, SessionInfo } from '../auth/agentAuth.js';
import type { AuditSession } from './auditAgent.js';

/**
 * The audit pipeline's view of a session. Its token calls do not record use: opening the
 * outbox or confirming its key in the background must not keep an idle session alive.
 */
export function auditSessionOf(auth: AgentAuth, info: SessionInfo): AuditSession {
  return { server: info.server, org: info.profile.org, accessToken: async () => (await auth.accessToken({ recordUse: false })).accessToken };
}

/** The stored session, if any, without using it. */
export async function storedAuditSession(auth: AgentAuth): Promise<AuditSession | null> {
  const info = await auth.peek().catch(() => null);
  return info && auditSessionOf(auth, info);
}
