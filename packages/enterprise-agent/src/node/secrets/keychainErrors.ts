import { SecretStoreError } from '../../common/secrets/secretStore.js';

/**
 * Turns @napi-rs/keyring's errors (all `GenericFailure`, told apart only by message) into
 * stable codes. The messages name the platform problem, never the secret.
 */
export function keychainError(e: unknown, action: string): SecretStoreError {
  const message = e instanceof Error ? e.message : String(e);
  const name = e instanceof Error ? e.name : '';
  if (name === 'AbortError' || name === 'TimeoutError' || /\babort/i.test(message)) {
    return new SecretStoreError('keychain-timeout', `The OS keychain did not answer in time (${action}); an unlock prompt may be waiting.`, { cause: e });
  }
  // A daemon that hangs shows as a D-Bus reply timeout: it exists, so this must not read as "missing".
  if (/Did not receive a reply|NoReply|timeout expired|timed out/i.test(message)) {
    return new SecretStoreError('keychain-timeout', `The OS keychain did not answer (${action}): ${message}`, { cause: e });
  }
  if (/prompt was dismissed|is locked|locked collection|user canceled|user cancelled/i.test(message)) {
    return new SecretStoreError('keychain-locked', `The OS keychain is locked and was not unlocked (${action}): ${message}`, { cause: e });
  }
  if (/Platform failure|couldn't access platform|DBus|ServiceUnknown|org\.freedesktop\.secrets|No such interface/i.test(message)) {
    return new SecretStoreError('keychain-unavailable', `No usable OS keychain (${action}): ${message}`, { cause: e });
  }
  return new SecretStoreError('keychain-failed', `The OS keychain failed (${action}): ${message}`, { cause: e });
}
