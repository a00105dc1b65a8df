import type { PolicyBundleClaims } from './jwsTypes.js';

export interface BundleExpectations {
  issuer: string;
  organizationId: string;
  deviceId?: string;
}

/**
 * Audience and time checks. `aud` must name the organisation; any other entry must be this
 * device, so a bundle targeted at another device is foreign. Times are JWT seconds.
 */
export function checkBundleClaims(claims: PolicyBundleClaims, expect: BundleExpectations, nowSeconds: number, skewSeconds: number, checkTime = true): { targeted: boolean } | { error: string } {
  if (claims.iss !== expect.issuer) return { error: `issuer ${JSON.stringify(claims.iss)} is not the expected ${JSON.stringify(expect.issuer)}` };
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(expect.organizationId)) return { error: `foreign audience: addressed to ${aud.join(', ')}, not organisation ${expect.organizationId}` };
  const others = aud.filter((a) => a !== expect.organizationId);
  if (others.some((a) => a !== expect.deviceId)) return { error: `foreign audience: targeted at device ${others.find((a) => a !== expect.deviceId)}, not this device` };
  if (claims.exp <= claims.iat) return { error: 'expires before it was issued' };
  if (checkTime) {
    if (claims.iat > nowSeconds + skewSeconds) return { error: `issued in the future (${new Date(claims.iat * 1000).toISOString()})` };
    if (claims.nbf !== undefined && claims.nbf > nowSeconds + skewSeconds) return { error: `not valid before ${new Date(claims.nbf * 1000).toISOString()}` };
    if (claims.exp <= nowSeconds) return { error: `expired at ${new Date(claims.exp * 1000).toISOString()}` };
  }
  return { targeted: others.length > 0 };
}
