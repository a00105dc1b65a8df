import { PolicyEnforcer, type AuditEvent } from '@marie/enterprise-agent';
import { PolicyEngine, type PolicyEngineOptions } from '@marie/enterprise-agent/node';
import type { Disposable } from '@marie/protocol';
import { BufferedAuditSink } from './bufferedAuditSink.js';

export interface HostPolicyOptions {
  /** Engine options (tests redirect the policy root with `env`); the OS locations by default. */
  engine?: PolicyEngineOptions;
  onAuditEvent?: (event: AuditEvent) => void;
}

export interface HostPolicy extends Disposable {
  readonly engine: PolicyEngine;
  readonly enforcer: PolicyEnforcer;
  readonly audit: BufferedAuditSink;
}

/** The policy engine every host service consults, and the enforcer that refuses actions. */
export async function startHostPolicy(options: HostPolicyOptions = {}): Promise<HostPolicy> {
  const engine = await PolicyEngine.start({ watch: true, ...options.engine });
  const audit = new BufferedAuditSink(options.onAuditEvent);
  const enforcer = new PolicyEnforcer(() => engine.current, audit, { caseInsensitivePaths: process.platform === 'win32' || process.platform === 'darwin' });
  return { engine, enforcer, audit, dispose: () => engine.dispose() };
}
