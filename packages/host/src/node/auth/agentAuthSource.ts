import { join } from 'node:path';
import type { EffectivePolicies, SecretStore, SessionPolicy } from '@marie/enterprise-agent';
import { AgentAuth, openSecretStore, type SessionInfo } from '@marie/enterprise-agent/node';

export interface OpenedAuth {
  auth: AgentAuth;
  /** The same store holds the audit device key and the outbox's cached data key. */
  secrets: SecretStore;
  /** Which store holds the session, shown even when nobody is signed in. */
  store: SessionInfo['secretStore'];
}

export const sessionPolicyOf = (p: EffectivePolicies): SessionPolicy => ({
  SessionMaxAge: p.get('SessionMaxAge'),
  IdleTimeout: p.get('IdleTimeout'),
  AllowedOrganizationId: p.get('AllowedOrganizationId'),
});

/**
 * The agent's sign-in client, opened on first use rather than at host start (probing the
 * keychain is a D-Bus round trip the tree and the editor should not wait for). Opened again
 * when "SecretStoreFallbackAllowed" changes, and after a failure (the keychain may be back).
 * The data folder is the CLI's too, so `marie login` and the workbench share one session.
 */
export class AgentAuthSource {
  private opened: { fallback: boolean; auth: Promise<OpenedAuth> } | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly policies: () => EffectivePolicies,
    private readonly now: () => number,
  ) {}

  /** Whether a store was opened (activity before then has no session to keep alive). */
  get isOpen(): boolean {
    return this.opened !== undefined;
  }

  get(): Promise<OpenedAuth> {
    const fallback = this.policies().get('SecretStoreFallbackAllowed');
    if (this.opened?.fallback === fallback) return this.opened.auth;
    const auth = openSecretStore({ policy: { SecretStoreFallbackAllowed: fallback }, weakerStorePath: join(this.dataDir, 'secrets.weaker') }).then(
      (secrets) => ({
        auth: new AgentAuth({ secrets, dataDir: this.dataDir, policy: () => sessionPolicyOf(this.policies()), now: this.now }),
        secrets,
        store: { kind: secrets.kind, weaker: secrets.isWeaker, description: secrets.description },
      }),
    );
    const entry = { fallback, auth };
    this.opened = entry;
    auth.catch(() => {
      if (this.opened === entry) this.opened = undefined;
    });
    return auth;
  }
}
