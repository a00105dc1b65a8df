import type { SecretStore } from '../../common/secrets/secretStore.js';
import { generateEd25519, pkcs8Of, privateFromPkcs8, type Ed25519Pair } from './chainCrypto.js';

export const AUDIT_KEY_SERVICE = 'marieide.audit-device-key';

/**
 * The device's Ed25519 key that signs audit checkpoints and upload requests. It lives only
 * in the secret store (the OS keychain), never in a file beside the outbox, so someone who
 * copies or edits the outbox cannot sign a rewritten chain. Created on first use.
 */
export async function loadOrCreateDeviceKey(secrets: SecretStore, deviceId: string): Promise<Ed25519Pair> {
  const stored = await secrets.get(AUDIT_KEY_SERVICE, deviceId);
  if (stored !== null) return privateFromPkcs8(stored);
  const pair = generateEd25519();
  // One agent owns a data folder (the outbox has a single writer), so there is no creation race.
  await secrets.set(AUDIT_KEY_SERVICE, deviceId, pkcs8Of(pair.privateKey));
  return pair;
}
