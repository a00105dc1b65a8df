import type { CloudPolicyStatus, Event, IPolicyService, PolicyStatus } from '@marie/protocol';
import type { EffectivePolicies } from './effective.js';
import { policyMetadata } from './metadata.js';
import { policyExplainJson, policyShowJson } from './output.js';

/** What the policy service needs from whoever holds the current policies (the engine in the host). */
export interface PolicyProvider {
  readonly current: EffectivePolicies;
  readonly onDidChange: Event<EffectivePolicies>;
  reload(): Promise<EffectivePolicies>;
  cloudStatus(): CloudPolicyStatus;
}

export function policyStatus(set: EffectivePolicies, cloud: CloudPolicyStatus): PolicyStatus {
  return { loadedAt: set.loadedAt, errors: [...set.errors], sources: set.sources.map((s) => ({ ...s })), cloud };
}

/** The RPC face of the policy engine. Everything that crosses the wire is redacted. */
export function createPolicyService(provider: PolicyProvider): IPolicyService {
  return {
    list: async () => policyShowJson(provider.current),
    explain: async ({ key }) => policyExplainJson(provider.current, key),
    status: async () => policyStatus(provider.current, provider.cloudStatus()),
    metadata: async () => policyMetadata(),
    reload: async () => policyStatus(await provider.reload(), provider.cloudStatus()),
    onDidChange: (listener) => provider.onDidChange((set) => listener(policyShowJson(set))),
  };
}
