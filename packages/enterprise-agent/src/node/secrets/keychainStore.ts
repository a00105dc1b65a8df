import { randomUUID } from 'node:crypto';
import { AsyncEntry } from '@napi-rs/keyring';
import { checkSecretAddress, type SecretStore } from '../../common/secrets/secretStore.js';
import { keychainError } from './keychainErrors.js';

export interface KeychainStoreOptions {
  /** Per call; a keychain that waits on an unanswered prompt fails with `keychain-timeout`. Default 30 s. */
  timeoutMs?: number;
}

// Pinned to the Secret Service on Linux: the library's default silently falls back to the
// kernel keyring, which forgets everything at logout. Ignored on macOS and Windows.
const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

/** The OS keychain: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows. */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'os-keychain' as const;
  readonly isWeaker = false;
  readonly description = `OS keychain (${process.platform === 'darwin' ? 'Keychain' : process.platform === 'win32' ? 'Credential Manager' : 'Secret Service'})`;
  private readonly timeoutMs: number;

  constructor(options: KeychainStoreOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async get(service: string, account: string): Promise<string | null> {
    checkSecretAddress(service, account);
    try {
      return await this.timed(this.entry(service, account).getPassword());
    } catch (e) {
      throw keychainError(e, 'read');
    }
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    checkSecretAddress(service, account);
    try {
      await this.timed(this.entry(service, account).setPassword(secret));
    } catch (e) {
      throw keychainError(e, 'write');
    }
  }

  async delete(service: string, account: string): Promise<boolean> {
    checkSecretAddress(service, account);
    try {
      return await this.timed(this.entry(service, account).deletePassword());
    } catch (e) {
      throw keychainError(e, 'delete');
    }
  }

  /**
   * Writes, reads back and deletes a throw-away entry: the only reliable way to know the
   * keychain works (a locked collection answers reads of missing entries with "none").
   * Throws a `SecretStoreError` saying why it does not.
   */
  async probe(): Promise<void> {
    const account = `probe-${randomUUID()}`;
    await this.set('marieide.probe', account, 'probe');
    const back = await this.get('marieide.probe', account);
    await this.delete('marieide.probe', account);
    if (back !== 'probe') throw keychainError(new Error('the keychain did not return what was written'), 'probe');
  }

  // Our own deadline, whatever the library does with AbortSignal; an abandoned native call
  // ends on its own thread. (Creating an entry opens the D-Bus session synchronously; a hung
  // daemon stalls that for D-Bus's reply timeout, about 2 s here, then fails as a timeout.)
  private timed<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DOMException(`no answer within ${this.timeoutMs} ms`, 'TimeoutError')), this.timeoutMs);
    });
    return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
  }

  private entry(service: string, account: string): AsyncEntry {
    return new AsyncEntry(service, account, ENTRY_OPTIONS);
  }
}
