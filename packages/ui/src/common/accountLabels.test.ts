import { describe, expect, it } from 'vitest';
import type { AuthStatus } from '@marie/protocol';
import { accountLabel, sessionEndText } from './accountLabels.js';

const out: AuthStatus = { signedIn: false, storeKind: 'os-keychain', weakerStore: false, required: false, signingIn: false, server: null, serverPinned: false };

describe('account labels', () => {
  it('names the account by email (or subject) and organisation, else offers to sign in', () => {
    expect(accountLabel(null)).toBe('Account');
    expect(accountLabel(out)).toBe('Sign in');
    expect(accountLabel({ ...out, signingIn: true })).toBe('Signing in…');
    expect(accountLabel({ ...out, signedIn: true, profile: { subject: 's1', email: 'a@acme.test', org: 'acme', mfa: true } })).toBe('a@acme.test (acme)');
    expect(accountLabel({ ...out, signedIn: true, profile: { subject: 's1', org: 'acme', mfa: false } })).toBe('s1 (acme)');
  });

  it('says when policy ends the session, or that nothing does', () => {
    expect(sessionEndText({ ...out, sessionEndsAt: null })).toBe('No session time limit');
    expect(sessionEndText({ ...out, sessionEndsAt: Date.UTC(2026, 0, 1, 14, 5) }, 'UTC')).toBe('Session ends at 14:05 by policy (activity postpones an idle timeout)');
  });
});
