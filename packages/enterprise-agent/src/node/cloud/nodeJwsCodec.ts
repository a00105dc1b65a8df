import { createPublicKey, verify } from 'node:crypto';
import type { BundleAlgorithm, DecodedJws, JwsCodec, PublicJwk } from '../../common/cloud/jwsTypes.js';

const segment = /^[A-Za-z0-9_-]*$/;

function json(part: string, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new Error(`${what} is not base64url JSON`);
  }
}

/** Compact JWS with Node's crypto: Ed25519 for EdDSA, P-256 with raw (r||s) signatures for ES256. */
export const nodeJwsCodec: JwsCodec = {
  decode(compact: string): DecodedJws {
    const parts = compact.split('.');
    if (parts.length !== 3) throw new Error(`expected 3 parts, found ${parts.length}`);
    const [h, p, s] = parts as [string, string, string];
    if (!h || !p || !segment.test(h) || !segment.test(p) || !segment.test(s)) throw new Error('parts are not base64url');
    const header = json(h, 'header');
    if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('header is not an object');
    return { header: header as Record<string, unknown>, payload: json(p, 'payload'), signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
  },

  verify(jws: DecodedJws, key: PublicJwk, alg: BundleAlgorithm): boolean {
    try {
      const publicKey = createPublicKey({ key: { ...key }, format: 'jwk' });
      const data = Buffer.from(jws.signingInput, 'ascii');
      if (alg === 'EdDSA') return publicKey.asymmetricKeyType === 'ed25519' && verify(null, data, publicKey, jws.signature);
      return jws.signature.length === 64 && publicKey.asymmetricKeyType === 'ec' && verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jws.signature);
    } catch {
      return false;
    }
  },
};
