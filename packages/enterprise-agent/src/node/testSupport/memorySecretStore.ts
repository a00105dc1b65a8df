import type { SecretStore } from '../../common/secrets/secretStore.js';

/** For tests of the local store: a secret store whose contents the test can inspect and alter. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'os-keychain' as const;
  readonly isWeaker = false;
  readonly description = 'in-memory (tests)';
  readonly entries = new Map<string, string>();

  async get(service: string, account: string): Promise<string | null> {
    return this.entries.get(`${service}/${account}`) ?? null;
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    this.entries.set(`${service}/${account}`, secret);
  }

  async delete(service: string, account: string): Promise<boolean> {
    return this.entries.delete(`${service}/${account}`);
  }
}
