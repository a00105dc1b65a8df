import { describe, expect, it } from 'vitest';
import { evaluateMfa } from './mfa.js';

const now = 1_800_000_000;
const policy = { required: true, acrValues: ['urn:corp:loa:high'], maxAuthAgeSeconds: 600 };

describe('evaluateMfa', () => {
  it('accepts a second factor in amr or an allowed acr', () => {
    expect(evaluateMfa(policy, { amr: ['pwd', 'otp'], authTime: now - 10 }, now)).toEqual({ ok: true, mfa: true });
    expect(evaluateMfa(policy, { amr: ['pwd'], acr: 'urn:corp:loa:high', authTime: now }, now)).toEqual({ ok: true, mfa: true });
  });

  it('refuses a password alone or an unlisted acr, saying why', () => {
    const r = evaluateMfa(policy, { amr: ['pwd'], acr: 'urn:corp:loa:low', authTime: now }, now);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/amr \[pwd\] and acr urn:corp:loa:low.*no second factor/) });
    expect(evaluateMfa(policy, { authTime: now }, now).ok).toBe(false);
  });

  it('refuses a stale, missing or future auth_time', () => {
    expect(evaluateMfa(policy, { amr: ['mfa'], authTime: now - 601 }, now)).toEqual({ ok: false, reason: expect.stringMatching(/601s old; at most 600s/) });
    expect(evaluateMfa(policy, { amr: ['mfa'] }, now)).toEqual({ ok: false, reason: expect.stringMatching(/auth_time/) });
    expect(evaluateMfa(policy, { amr: ['mfa'], authTime: now + 3600 }, now).ok).toBe(false);
  });

  it('lets anyone through when not required but still records whether MFA happened', () => {
    expect(evaluateMfa({ ...policy, required: false }, { amr: ['pwd'] }, now)).toEqual({ ok: true, mfa: false });
    expect(evaluateMfa({ ...policy, required: false }, { amr: ['hwk'] }, now)).toEqual({ ok: true, mfa: true });
  });
});
