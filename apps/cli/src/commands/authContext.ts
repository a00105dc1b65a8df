import { homedir } from 'node:os';
import { join } from 'node:path';
import { AuthError, SecretStoreError, type EffectivePolicies, type SecretStore } from '@marie/enterprise-agent';
import { AgentAuth, AuditError, openSecretStore, PolicyEngine } from '@marie/enterprise-agent/node';

/** The agent's data folder: the same one the host keeps the user's settings in. */
export function agentDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MARIE_USER_DATA_DIR || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'marieide');
}

/**
 * The sign-in client as this machine's policy configures it: the secret store chosen by
 * openSecretStore (keychain, or the weaker store only when policy allows), and the session
 * rules read from the effective policy. Reads policy once: a CLI command is short-lived.
 */
export async function withAuth<T>(fn: (auth: AgentAuth, policy: EffectivePolicies, secrets: SecretStore) => Promise<T>): Promise<T> {
  const engine = await PolicyEngine.start({ watch: false, pollIntervalMs: 0 });
  try {
    const policy = engine.current;
    const dataDir = agentDataDir();
    const secrets = await openSecretStore({ policy: { SecretStoreFallbackAllowed: policy.get('SecretStoreFallbackAllowed') }, weakerStorePath: join(dataDir, 'secrets.weaker') });
    const auth = new AgentAuth({
      secrets,
      dataDir,
      policy: () => ({ SessionMaxAge: policy.get('SessionMaxAge'), IdleTimeout: policy.get('IdleTimeout'), AllowedOrganizationId: policy.get('AllowedOrganizationId') }),
    });
    return await fn(auth, policy, secrets);
  } finally {
    engine.dispose();
  }
}

/** Exit codes of login/whoami/logout, documented in the help. */
export const AUTH_EXIT = { ok: 0, failed: 1, signInRequired: 3, refused: 4 } as const;

/** Prints an auth or secret-store error and returns its exit code; anything else is rethrown. */
export function reportAuthError(error: unknown): number {
  if (error instanceof AuthError) {
    process.stderr.write(`marie: ${error.message}\n`);
    if (error.code === 'not-signed-in' || error.code === 'session-expired') return AUTH_EXIT.signInRequired;
    if (error.code === 'org-not-allowed' || error.code === 'sign-in-refused' || error.code === 'bad-server') return AUTH_EXIT.refused;
    return AUTH_EXIT.failed;
  }
  if (error instanceof AuditError) {
    // Fail closed: the sign-in happened at the server but is undone here because it is not on record.
    process.stderr.write(`marie: signed out again: the sign-in could not be recorded in the audit log (${error.message})\n`);
    return AUTH_EXIT.failed;
  }
  if (error instanceof SecretStoreError) {
    process.stderr.write(`marie: cannot keep the sign-in on this machine: ${error.message}\n`);
    return AUTH_EXIT.failed;
  }
  throw error;
}
