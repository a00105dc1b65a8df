import { z } from 'zod';

export const POLICY_BUNDLE_TYP = 'marie-policy+jwt';
export const KEY_ENDORSEMENT_TYP = 'marie-keys+jwt';
export const BUNDLE_ALGORITHMS = ['EdDSA', 'ES256'] as const;
export type BundleAlgorithm = (typeof BUNDLE_ALGORITHMS)[number];

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/).max(200);
const kid = z.string().min(1).max(128);

/** Public signing keys only: `.strict()` refuses a JWK carrying private parts such as `d`. */
export const publicJwkSchema = z.union([
  z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: b64url, kid, alg: z.literal('EdDSA').optional(), use: z.literal('sig').optional() }).strict(),
  z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: b64url, y: b64url, kid, alg: z.literal('ES256').optional(), use: z.literal('sig').optional() }).strict(),
]);
export type PublicJwk = z.infer<typeof publicJwkSchema>;

export function keyFitsAlgorithm(key: PublicJwk, alg: BundleAlgorithm): boolean {
  return alg === 'EdDSA' ? key.kty === 'OKP' : key.kty === 'EC';
}

/** A compact JWS split and decoded, not yet verified. */
export interface DecodedJws {
  header: Record<string, unknown>;
  payload: unknown;
  /** `base64url(header).base64url(payload)`, the bytes the signature covers. */
  signingInput: string;
  signature: Uint8Array;
}

/** Decoding and signature checks, which need platform crypto; the trust rules stay platform-free. */
export interface JwsCodec {
  /** Throws an Error with a short reason when the text is not a compact JWS with JSON header and payload. */
  decode(compact: string): DecodedJws;
  verify(jws: DecodedJws, key: PublicJwk, alg: BundleAlgorithm): boolean;
}

function plainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Kept as the parsed object (not re-built by zod) so a "__proto__" key stays an ordinary, reported key.
const policyMap = z.custom<Record<string, unknown>>(plainObject, 'expected an object of policy keys');

export const bundleClaimsSchema = z
  .object({
    iss: z.string().min(1).max(512),
    aud: z.union([z.string().min(1).max(256), z.array(z.string().min(1).max(256)).min(1).max(8)]),
    version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    iat: z.number().int().nonnegative(),
    exp: z.number().int().positive(),
    nbf: z.number().int().nonnegative().optional(),
    policies: z.object({ mandatory: policyMap.optional(), recommended: policyMap.optional() }).strict(),
    /** Key endorsements, oldest first, each signed by the key trusted before it. */
    keyEndorsements: z.array(z.string().max(16384)).max(16).optional(),
  })
  .passthrough();
export type PolicyBundleClaims = z.infer<typeof bundleClaimsSchema>;

export const endorsementClaimsSchema = z
  .object({
    iss: z.string().min(1).max(512),
    aud: z.string().min(1).max(256),
    /** Strictly increasing with every rotation, so an old endorsement cannot roll keys back. */
    generation: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    keys: z.array(publicJwkSchema).min(1).max(8),
    iat: z.number().int().nonnegative(),
  })
  .passthrough();
export type KeyEndorsementClaims = z.infer<typeof endorsementClaimsSchema>;
