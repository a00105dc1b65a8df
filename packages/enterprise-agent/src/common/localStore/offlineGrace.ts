import type { PolicyValues } from '../policy/registry/index.js';

/** The policy keys that decide how long a cached data key may serve without the key service. */
export type LocalStorePolicy = Pick<PolicyValues, 'LocalDataOfflineGracePeriod'>;

/**
 * The offline grace period in ms, from the effective policy. Every opener of an encrypted
 * store goes through this so an admin's shorter value applies everywhere at once.
 */
export function offlineGraceMsFromPolicy(policy: LocalStorePolicy): number {
  return policy.LocalDataOfflineGracePeriod * 60_000;
}
