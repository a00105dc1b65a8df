import type { EffectivePolicies } from '@marie/enterprise-agent';
import { AuditAgent, AuditedAuth, auditSessionOf, storedAuditSession, type AgentAuth } from '@marie/enterprise-agent/node';
import { agentDataDir, withAuth } from './authContext.js';

/** How long `login` / `logout` wait for the upload: long enough for a reachable server, short enough not to hang offline. */
const UPLOAD_TIMEOUT_MS = 5_000;

/**
 * `withAuth` for the commands that change who is signed in: they go through `AuditedAuth`,
 * recording into the same outbox as the IDE (the agent data folder), and then try once to
 * upload, so the events leave the machine even when no IDE is running. A command that
 * appended security events signs a checkpoint over them first (`uploadNow`), so a tail cut
 * after it shows. The upload never fails the command; what it does not send stays queued.
 */
export async function withAuditedAuth<T>(fn: (audited: AuditedAuth, auth: AgentAuth, policy: EffectivePolicies) => Promise<T>): Promise<T> {
  return withAuth(async (auth, policy, secrets) => {
    const agent = new AuditAgent({
      dataDir: agentDataDir(),
      secrets: async () => secrets,
      policy: () => ({ AuditLevel: policy.get('AuditLevel'), AuditUploadEndpoint: policy.get('AuditUploadEndpoint'), AuditOutboxMaxSize: policy.get('AuditOutboxMaxSize'), LocalDataOfflineGracePeriod: policy.get('LocalDataOfflineGracePeriod') }),
      actor: () => null,
    });
    // A device that has an outbox opens it first, so a refused sign-in and a sign-out are on record too.
    if (agent.hasOutbox()) await agent.connect(await storedAuditSession(auth));
    const audited = new AuditedAuth(auth, agent.recorder, { prepare: (a, info) => agent.connect(auditSessionOf(a, info)) });
    try {
      return await fn(audited, auth, policy);
    } finally {
      const results = await agent.uploadNow(UPLOAD_TIMEOUT_MS);
      if (results.some((r) => r.kind === 'retry')) process.stderr.write('marie: the audit log could not be uploaded now; it stays queued on this machine and goes with the next upload\n');
      await agent.close();
    }
  });
}
