import { describeIssues } from '../policy/valueSchema.js';
import { checkHeader } from './header.js';
import { endorsementClaimsSchema, KEY_ENDORSEMENT_TYP, keyFitsAlgorithm, type JwsCodec, type PublicJwk } from './jwsTypes.js';

export interface TrustedKeys {
  /** 0 for the pinned root keys; each accepted rotation raises it. */
  generation: number;
  keys: PublicJwk[];
}

export interface ChainContext {
  codec: JwsCodec;
  issuer: string;
  organizationId: string;
}

/** Finds the trusted key a JWS names and checks its signature; returns the failure reason or null. */
export function verifyWith(codec: JwsCodec, compact: string, typ: string, trusted: TrustedKeys): { payload: unknown } | { error: string } {
  let decoded;
  try {
    decoded = codec.decode(compact);
  } catch (e) {
    return { error: `malformed JWS (${(e as Error).message})` };
  }
  const head = checkHeader(decoded.header, typ);
  if ('error' in head) return head;
  const key = trusted.keys.find((k) => k.kid === head.kid);
  if (!key) return { error: `key ${JSON.stringify(head.kid)} is not trusted (a new key must be endorsed by the current one)` };
  if (!keyFitsAlgorithm(key, head.alg)) return { error: `key ${head.kid} cannot sign ${head.alg}` };
  if (!codec.verify(decoded, key, head.alg)) return { error: `bad signature for key ${head.kid}` };
  return { payload: decoded.payload };
}

/**
 * Applies key endorsements in order. Each must be signed by a key trusted at that step and carry a
 * higher generation; ones already applied (same or lower generation) are skipped. Any bad one fails
 * the whole chain, so a bundle is never half-trusted.
 */
export function applyEndorsements(start: TrustedKeys, endorsements: readonly string[], ctx: ChainContext): { trusted: TrustedKeys; applied: string[] } | { error: string } {
  let trusted = start;
  const applied: string[] = [];
  for (const [i, compact] of endorsements.entries()) {
    let peek: unknown;
    try {
      peek = ctx.codec.decode(compact).payload;
    } catch (e) {
      return { error: `key endorsement ${i + 1}: malformed JWS (${(e as Error).message})` };
    }
    const gen = (peek as { generation?: unknown } | null)?.generation;
    if (typeof gen === 'number' && gen <= trusted.generation) continue;
    const verified = verifyWith(ctx.codec, compact, KEY_ENDORSEMENT_TYP, trusted);
    if ('error' in verified) return { error: `key endorsement ${i + 1}: ${verified.error}` };
    const claims = endorsementClaimsSchema.safeParse(verified.payload);
    if (!claims.success) return { error: `key endorsement ${i + 1}: ${describeIssues(claims.error)}` };
    if (claims.data.iss !== ctx.issuer) return { error: `key endorsement ${i + 1}: issuer ${claims.data.iss} is not ${ctx.issuer}` };
    if (claims.data.aud !== ctx.organizationId) return { error: `key endorsement ${i + 1}: addressed to ${claims.data.aud}, not ${ctx.organizationId}` };
    if (new Set(claims.data.keys.map((k) => k.kid)).size !== claims.data.keys.length) return { error: `key endorsement ${i + 1}: duplicate key ids` };
    trusted = { generation: claims.data.generation, keys: claims.data.keys };
    applied.push(compact);
  }
  return { trusted, applied };
}
