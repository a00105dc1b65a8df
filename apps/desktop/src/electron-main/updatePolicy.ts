import { PolicyEnforcer, type AuditSink } from '@marie/enterprise-agent';
import { PolicyEngine } from '@marie/enterprise-agent/node';
import { startAutoUpdates, type UpdateOutcome, type UpdatePolicy } from './updater.js';

/**
 * The update rules as the organisation set them, from the same engine and enforcer the
 * host uses, so a refusal names the policy and its source and is audited the same way.
 */
export function updatePolicyFrom(engine: PolicyEngine, audit: AuditSink): UpdatePolicy {
  const enforcer = new PolicyEnforcer(() => engine.current, audit);
  const current = engine.current;
  return {
    mode: current.get('UpdateMode'),
    channel: current.get('UpdateChannel'),
    feedUrl: current.get('UpdateFeedURL'),
    assertAllowed: (version, options) => enforcer.assertUpdateAllowed(version, options),
  };
}

/** One policy-governed update check with a fresh read of the machine's policy. */
export async function checkForUpdatesUnderPolicy(log: (message: string) => void): Promise<UpdateOutcome> {
  const engine = await PolicyEngine.start({ watch: false });
  try {
    // Until the audit pipeline owns this process's events, refusals go to the log (they hold no secrets).
    const audit: AuditSink = { emit: (e) => log(`audit ${e.action} ${e.outcome} ${e.target} ${JSON.stringify(e.details)}`) };
    return await startAutoUpdates({ isPackaged: true, policy: updatePolicyFrom(engine, audit), log });
  } finally {
    engine.dispose();
  }
}
