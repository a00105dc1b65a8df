import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { KEY_ENDORSEMENT_TYP, POLICY_BUNDLE_TYP, publicJwkSchema, type BundleAlgorithm, type KeyEndorsementClaims, type PolicyBundleClaims, type PublicJwk } from '../common/cloud/jwsTypes.js';

/** A private signing key with its public JWK. The backend keeps these in its key service; tests make them here. */
export interface SigningKey {
  kid: string;
  alg: BundleAlgorithm;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

export function generateSigningKey(alg: BundleAlgorithm, kid: string): SigningKey {
  const { privateKey, publicKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg, privateKey, publicJwk: signingKeyFromPrivate(privateKey, alg, kid, publicKey).publicJwk };
}

/** Wraps an existing private key (PEM loaded by the caller) for signing. */
export function signingKeyFromPrivate(privateKey: KeyObject, alg: BundleAlgorithm, kid: string, publicKey?: KeyObject): SigningKey {
  const pub = (publicKey ?? privateKey).export({ format: 'jwk' });
  const publicJwk = publicJwkSchema.parse(alg === 'EdDSA' ? { kty: pub.kty, crv: pub.crv, x: pub.x, kid, alg } : { kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y, kid, alg });
  return { kid, alg, privateKey, publicJwk };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Signs any header and payload as a compact JWS; `alg` and `kid` come from the key unless the header overrides them. */
export function signJws(header: Record<string, unknown>, payload: unknown, key: SigningKey): string {
  const input = `${b64({ alg: key.alg, kid: key.kid, ...header })}.${b64(payload)}`;
  const data = Buffer.from(input, 'ascii');
  const signature = key.alg === 'EdDSA' ? sign(null, data, key.privateKey) : sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** A policy bundle (`typ: marie-policy+jwt`). Times are JWT seconds. */
export function signPolicyBundle(claims: PolicyBundleClaims, key: SigningKey): string {
  return signJws({ typ: POLICY_BUNDLE_TYP }, claims, key);
}

/** An endorsement of `claims.keys` by the currently trusted `key`: how a rotation is announced. */
export function endorseKeys(claims: KeyEndorsementClaims, key: SigningKey): string {
  return signJws({ typ: KEY_ENDORSEMENT_TYP }, claims, key);
}
