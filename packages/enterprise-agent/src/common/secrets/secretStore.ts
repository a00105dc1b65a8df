import { CodedError } from '../codedError.js';
/** Which backend holds the secrets. Only `weaker-file` is weaker than the platform's own protection. */
export type SecretStoreKind = 'os-keychain' | 'electron-safe-storage' | 'weaker-file';

/**
 * Tokens and keys, addressed by service and account. Implementations never log values and
 * never fall back to another backend on their own: choosing a backend is `openSecretStore`'s job.
 */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** True when the secrets are less protected than by the OS keychain; the UI and `whoami` must say so. */
  readonly isWeaker: boolean;
  /** One line for people: which backend, and why it is weaker when it is. */
  readonly description: string;
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, secret: string): Promise<void>;
  /** True when something was deleted. */
  delete(service: string, account: string): Promise<boolean>;
}

export type SecretStoreErrorCode =
  /** No OS keychain on this machine (no Secret Service, no session bus, …). */
  | 'keychain-unavailable'
  /** The keychain exists but is locked and the unlock was refused or dismissed. */
  | 'keychain-locked'
  /** The keychain did not answer in time (an unanswered prompt, a hung daemon). */
  | 'keychain-timeout'
  /** Any other keychain failure. */
  | 'keychain-failed'
  /** No keychain, and the "SecretStoreFallbackAllowed" policy forbids the weaker store. */
  | 'fallback-refused'
  /** The weaker store's file cannot be used: wrong machine, tampered, truncated or too widely readable. */
  | 'weaker-store-unreadable'
  /** The weaker store cannot be built here (no machine secret). */
  | 'weaker-store-unavailable'
  | 'invalid-argument';

export class SecretStoreError extends CodedError<SecretStoreErrorCode> {
  override readonly name = 'SecretStoreError';
}

// Service and account become keychain attributes and file keys: keep them short and printable.
const NAME = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

export function checkSecretAddress(service: string, account: string): void {
  if (!NAME.test(service) || !NAME.test(account)) {
    throw new SecretStoreError('invalid-argument', 'service and account must be 1–255 printable ASCII characters');
  }
}
