import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { KeyWrapperError, type KeyWrapper, type WrappedKey } from '../../common/localStore/keyWrapper.js';

/**
 * FOR TESTS ONLY: a KEK held in this process's memory, with the admin actions of the real
 * key service (disable, enable, destroy) and a switch that plays "offline". It protects
 * nothing on a real device; the server's key service implements `KeyWrapper` for that.
 */
export class LocalTestKeyWrapper implements KeyWrapper {
  readonly kekId = `test-kek-${randomUUID()}`;
  private kek: Buffer | null = randomBytes(32);
  private disabled = false;
  offline = false;

  disable(): void {
    this.disabled = true;
  }

  enable(): void {
    this.disabled = false;
  }

  /** Crypto-shredding: the KEK is overwritten and dropped; nothing it wrapped can be unwrapped. */
  destroy(): void {
    this.kek?.fill(0);
    this.kek = null;
  }

  async wrap(dataKey: Uint8Array): Promise<WrappedKey> {
    const kek = this.usable();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', kek, iv);
    cipher.setAAD(Buffer.from(this.kekId));
    const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { kekId: this.kekId, blob: Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64url') };
  }

  async unwrap(wrapped: WrappedKey): Promise<Uint8Array> {
    const kek = this.usable();
    const raw = Buffer.from(wrapped.blob, 'base64url');
    if (wrapped.kekId !== this.kekId || raw.length < 12 + 16 + 1) throw new KeyWrapperError('wrapped-key-invalid', 'the wrapped key was not made by this KEK');
    const decipher = createDecipheriv('aes-256-gcm', kek, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(this.kekId));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    try {
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
    } catch (e) {
      throw new KeyWrapperError('wrapped-key-invalid', 'the wrapped key failed authentication', { cause: e });
    }
  }

  private usable(): Buffer {
    if (this.offline) throw new KeyWrapperError('kek-unreachable', 'the key service cannot be reached (test: offline)');
    if (this.kek === null) throw new KeyWrapperError('kek-destroyed', 'the organisation key has been destroyed');
    if (this.disabled) throw new KeyWrapperError('kek-disabled', 'the organisation key is disabled');
    return this.kek;
  }
}
