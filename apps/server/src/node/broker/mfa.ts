/** What the org demands of the upstream authentication. */
export interface MfaPolicy {
  required: boolean;
  acrValues: string[];
  maxAuthAgeSeconds: number;
}

export interface UpstreamAuth {
  amr?: unknown;
  acr?: unknown;
  authTime?: unknown;
}

export type MfaDecision = { ok: true; mfa: boolean } | { ok: false; reason: string };

/** RFC 8176 methods that prove something other than a memorised secret. */
const SECOND_FACTORS = new Set(['mfa', 'otp', 'hwk', 'swk', 'sms', 'tel', 'sc', 'fpt', 'face', 'iris', 'retina', 'vbm', 'pop']);

/** Our own acr values: what the broker vouches for in the tokens it issues. */
export const ACR_MFA = 'urn:marie:acr:mfa';
export const ACR_SSO = 'urn:marie:acr:sso';

export function hasSecondFactor(auth: UpstreamAuth, acrValues: string[]): boolean {
  const amr = Array.isArray(auth.amr) ? auth.amr.filter((m): m is string => typeof m === 'string') : [];
  if (amr.some((m) => SECOND_FACTORS.has(m))) return true;
  return typeof auth.acr === 'string' && acrValues.includes(auth.acr);
}

/**
 * Decides on our side, from the upstream claims, whether a sign-in meets the org's MFA rule:
 * an IdP that ignored our request for MFA is caught here, not trusted.
 */
export function evaluateMfa(policy: MfaPolicy, auth: UpstreamAuth, nowSeconds: number): MfaDecision {
  const mfa = hasSecondFactor(auth, policy.acrValues);
  if (!policy.required) return { ok: true, mfa };
  if (!mfa) {
    const amr = Array.isArray(auth.amr) ? auth.amr.join(', ') : 'none';
    const acr = typeof auth.acr === 'string' ? auth.acr : 'none';
    return { ok: false, reason: `multi-factor authentication is required: the identity provider reported amr [${amr}] and acr ${acr}, which show no second factor` };
  }
  if (typeof auth.authTime !== 'number') return { ok: false, reason: 'multi-factor authentication is required: the identity provider did not report auth_time' };
  const age = nowSeconds - auth.authTime;
  if (age > policy.maxAuthAgeSeconds) {
    return { ok: false, reason: `the authentication at the identity provider is ${age}s old; at most ${policy.maxAuthAgeSeconds}s is allowed, sign in again there` };
  }
  if (age < -60) return { ok: false, reason: 'the identity provider reported an auth_time in the future' };
  return { ok: true, mfa };
}
