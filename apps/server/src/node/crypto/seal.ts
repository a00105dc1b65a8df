import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Raised when sealed data does not open: wrong key, tampering, or a record moved to another slot. */
export class SealError extends Error {
  override name = 'SealError';
}

const VERSION = 'v1';

/**
 * AES-256-GCM with a fresh 96-bit nonce per seal. `context` is bound as associated data so a
 * sealed value copied into another row or column fails to open instead of decrypting.
 */
export function seal(key: Buffer, plaintext: Buffer | string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function open(key: Buffer, sealed: string, context: string): Buffer {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SealError('sealed value is malformed');
  const [, iv, body, tag] = parts as [string, string, string, string];
  try {
    // authTagLength pins 16 bytes: GCM would otherwise accept a truncated (weaker) tag.
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  } catch {
    throw new SealError(`sealed value for ${context} does not open: wrong master key or tampered data`);
  }
}
