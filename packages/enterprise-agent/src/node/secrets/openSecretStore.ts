import type { PolicyValues } from '../../common/policy/registry/index.js';
import { SecretStoreError, type SecretStore } from '../../common/secrets/secretStore.js';
import { KeychainSecretStore } from './keychainStore.js';
import { readMachineSecret } from './machineSecret.js';
import { WeakerFileSecretStore } from './weakerFileStore.js';

export interface OpenSecretStoreOptions {
  policy: Pick<PolicyValues, 'SecretStoreFallbackAllowed'>;
  /** Where the weaker store lives if policy allows it (e.g. `<agent data dir>/secrets.weaker`). */
  weakerStorePath: string;
  /** Defaults to the Linux machine id. */
  machineSecret?: Uint8Array;
  /** Defaults to the OS keychain; tests pass one that behaves like a missing or locked keychain. */
  keychain?: SecretStore & { probe(): Promise<void> };
}

/**
 * The OS keychain when it works. When there is none, the "SecretStoreFallbackAllowed" policy
 * decides: refuse (`fallback-refused`) or the weaker file store, which says it is weaker.
 * A keychain that exists but is locked, cancelled or hung is not "missing": that is an error
 * for the user to resolve, never a reason to downgrade.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const keychain = options.keychain ?? new KeychainSecretStore();
  try {
    await keychain.probe();
    return keychain;
  } catch (e) {
    if (!(e instanceof SecretStoreError) || e.code !== 'keychain-unavailable') throw e;
    if (!options.policy.SecretStoreFallbackAllowed) {
      throw new SecretStoreError('fallback-refused', `No OS keychain is available (${e.message}) and policy "SecretStoreFallbackAllowed" forbids the weaker store, so secrets cannot be kept here.`, { cause: e });
    }
    const machineSecret = options.machineSecret ?? (await readMachineSecret());
    return new WeakerFileSecretStore({ path: options.weakerStorePath, machineSecret, reason: e.message });
  }
}
