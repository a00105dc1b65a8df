import { describe, expect, it } from 'vitest';
import { checkOrganisation, checkSessionAge, sessionDeadlines } from './sessionRules.js';

const MIN = 60_000;
const none = { SessionMaxAge: null, IdleTimeout: null, AllowedOrganizationId: null };

describe('session rules from policy', () => {
  it('has no deadline without policy', () => {
    expect(sessionDeadlines({ signedInAt: 0, lastUsedAt: 0 }, none)).toEqual({ maxAgeAt: null, idleAt: null });
    expect(() => checkSessionAge({ signedInAt: 0, lastUsedAt: 0 }, none, 10 ** 12)).not.toThrow();
  });

  it('ends a session at its maximum age however active, and after the idle timeout', () => {
    const policy = { ...none, SessionMaxAge: 60, IdleTimeout: 15 };
    const s = { signedInAt: 0, lastUsedAt: 50 * MIN };
    expect(sessionDeadlines(s, policy)).toEqual({ maxAgeAt: 60 * MIN, idleAt: 65 * MIN });
    expect(() => checkSessionAge(s, policy, 60 * MIN - 1)).not.toThrow();
    expect(() => checkSessionAge(s, policy, 60 * MIN)).toThrow(expect.objectContaining({ code: 'session-expired', message: expect.stringMatching(/SessionMaxAge/) }));
    expect(() => checkSessionAge({ signedInAt: 0, lastUsedAt: 0 }, policy, 15 * MIN)).toThrow(/IdleTimeout/);
  });

  it('refuses another organisation only when policy names one', () => {
    expect(() => checkOrganisation('acme', none)).not.toThrow();
    expect(() => checkOrganisation('acme', { AllowedOrganizationId: 'acme' })).not.toThrow();
    expect(() => checkOrganisation('acme', { AllowedOrganizationId: 'globex' })).toThrow(expect.objectContaining({ code: 'org-not-allowed', message: expect.stringMatching(/"acme".*only "globex"/) }));
  });
});
