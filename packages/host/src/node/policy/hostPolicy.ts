import { PolicyEnforcer, type AuditSink } from '@marie/enterprise-agent';
import { PolicyEngine, type PolicyEngineOptions } from '@marie/enterprise-agent/node';
import type { Disposable } from '@marie/protocol';

export interface HostPolicyOptions {
  /** Engine options (tests redirect the policy root with `env`); the OS locations by default. */
  engine?: PolicyEngineOptions;
}

export interface HostPolicy extends Disposable {
  readonly engine: PolicyEngine;
  readonly enforcer: PolicyEnforcer;
}

/**
 * The policy engine every host service consults, and the enforcer that refuses actions and
 * reports each refusal to `audit` (the host's audit recorder).
 */
export async function startHostPolicy(options: HostPolicyOptions, audit: AuditSink): Promise<HostPolicy> {
  const engine = await PolicyEngine.start({ watch: true, ...options.engine });
  const enforcer = new PolicyEnforcer(() => engine.current, audit, { caseInsensitivePaths: process.platform === 'win32' || process.platform === 'darwin' });
  return { engine, enforcer, dispose: () => engine.dispose() };
}
