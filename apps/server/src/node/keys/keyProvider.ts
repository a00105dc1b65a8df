import { open, seal } from '../crypto/seal.js';

/**
 * Where KEKs are protected at rest. The built-in provider seals them under the server's master
 * key; an external KMS (AWS KMS, Vault transit, an HSM) implements the same two calls.
 */
export interface KeyProvider {
  /** Stored with each KEK so a later provider change can still tell who wrapped it. */
  readonly name: string;
  wrapKek(kek: Buffer, context: string): Promise<string>;
  unwrapKek(wrapped: string, context: string): Promise<Buffer>;
}

export class MasterKeyProvider implements KeyProvider {
  readonly name = 'master-key';

  constructor(private readonly masterKey: Buffer) {}

  async wrapKek(kek: Buffer, context: string): Promise<string> {
    return seal(this.masterKey, kek, context);
  }

  async unwrapKek(wrapped: string, context: string): Promise<Buffer> {
    return open(this.masterKey, wrapped, context);
  }
}
