import { BUNDLE_ALGORITHMS, type BundleAlgorithm } from './jwsTypes.js';

/** Why a protected header is unacceptable for the expected `typ`, or the algorithm and key id it names. */
export function checkHeader(header: Record<string, unknown>, typ: string): { alg: BundleAlgorithm; kid: string } | { error: string } {
  const alg = header.alg;
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') return { error: 'unsigned (alg "none") is never accepted' };
  if (!BUNDLE_ALGORITHMS.includes(alg as BundleAlgorithm)) return { error: `algorithm ${JSON.stringify(alg)} is not allowed (EdDSA or ES256 only)` };
  // RFC 7515: typ compares ignoring case, and "application/" may be left out.
  const given = typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : null;
  if (given !== typ) return { error: `wrong type: typ is ${JSON.stringify(header.typ)}, expected "${typ}"` };
  if (header.crit !== undefined) return { error: 'critical header extensions are not supported' };
  if (header.jwk !== undefined || header.jku !== undefined || header.x5u !== undefined || header.x5c !== undefined) return { error: 'keys embedded in or referenced from the header are never trusted' };
  if (typeof header.kid !== 'string' || !header.kid) return { error: 'no key id (kid)' };
  return { alg: alg as BundleAlgorithm, kid: header.kid };
}
