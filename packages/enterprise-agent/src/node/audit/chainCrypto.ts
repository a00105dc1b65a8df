import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { ChainCrypto } from '../../common/audit/verifyChain.js';

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Node's crypto for the chain verifier. Keys are SPKI DER in base64url, signatures base64url. */
export const nodeChainCrypto: ChainCrypto = {
  sha256Hex,
  verifyEd25519(publicKeySpki, message, signature) {
    try {
      const key = createPublicKey({ key: Buffer.from(publicKeySpki, 'base64url'), format: 'der', type: 'spki' });
      return verify(null, Buffer.from(message), key, Buffer.from(signature, 'base64url'));
    } catch {
      // A malformed key or signature is a failed verification, not a crash of the verifier.
      return false;
    }
  },
};

export interface Ed25519Pair {
  privateKey: KeyObject;
  /** SPKI DER, base64url: what the server registers and the export carries. */
  publicKey: string;
}

export function generateEd25519(): Ed25519Pair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: spkiOf(publicKey) };
}

export function spkiOf(key: KeyObject): string {
  return key.export({ format: 'der', type: 'spki' }).toString('base64url');
}

export function privateFromPkcs8(pkcs8: string): Ed25519Pair {
  const privateKey = createPrivateKey({ key: Buffer.from(pkcs8, 'base64url'), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: spkiOf(createPublicKey(privateKey)) };
}

export function pkcs8Of(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
}

export function signEd25519(key: KeyObject, message: string | Uint8Array): string {
  return sign(null, typeof message === 'string' ? Buffer.from(message) : message, key).toString('base64url');
}
