import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// Parsed device keys, so a busy device does not pay for SPKI decoding on every batch.
const keys = new Map<string, KeyObject>();

function keyOf(spki: string): KeyObject {
  let key = keys.get(spki);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    if (keys.size > 10_000) keys.clear();
    keys.set(spki, key);
  }
  return key;
}

/** Ed25519 over `message`; false (never a throw) for malformed keys or signatures. */
export function verifyEd25519(spki: string, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message), keyOf(spki), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Whether `spki` is a usable Ed25519 public key (checked at enrolment). */
export function isEd25519Spki(spki: string): boolean {
  try {
    keyOf(spki);
    return true;
  } catch {
    return false;
  }
}
