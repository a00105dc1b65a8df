import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../../common/auth/authError.js';
import type { AuditRecord } from '../../common/audit/record.js';
import type { AgentAuth, SessionInfo } from '../auth/agentAuth.js';
import { openEncryptedDatabase } from '../localStore/encryptedDatabase.js';
import { AuditRecorder } from './auditRecorder.js';
import { AuditedAuth, type AuditedAuthOptions } from './auditedAuth.js';
import { AuditOutbox } from './outbox.js';

// The sign-in flows themselves are tested with the broker elsewhere; here only what AuditedAuth adds.
function fakeAuth(outcome: 'ok' | AuthError) {
  const calls: string[] = [];
  const auth = {
    async signIn() {
      calls.push('signIn');
      if (outcome !== 'ok') throw outcome;
      return { clientId: 'marie-cli', profile: { sub: 'u-1', email: 'alice@acme.test', org: 'acme', groups: [], mfa: true } } as unknown as SessionInfo;
    },
    async peek() {
      return { profile: { sub: 'u-1', email: 'alice@acme.test', org: 'acme' } } as unknown as SessionInfo;
    },
    async signOut() {
      calls.push('signOut');
      return { wasSignedIn: true, revoked: true };
    },
  } as unknown as AgentAuth;
  return { auth, calls };
}

function setup(outcome: 'ok' | AuthError, maxBytes = 1 << 20, options: AuditedAuthOptions = {}) {
  const db = openEncryptedDatabase(join(mkdtempSync(join(tmpdir(), 'marie-aa-')), 'o.db'), Buffer.alloc(32, 9), { create: true });
  const outbox = AuditOutbox.open({ run: (fn) => fn(db), device: 'dev-a', maxBytes });
  const fake = fakeAuth(outcome);
  const audited = new AuditedAuth(fake.auth, new AuditRecorder({ outbox, level: () => 'security' }), options);
  const records = () => outbox.pending({ maxEvents: 10, maxBytes: 1 << 20 }).records.map((t) => JSON.parse(t) as AuditRecord);
  return { audited, records, calls: fake.calls };
}

describe('AuditedAuth', () => {
  it('records a sign-in with its actor and a sign-out before it happens', async () => {
    const { audited, records } = setup('ok');
    await audited.signIn('https://corp.example', { kind: 'device' } as never);
    await audited.signOut({ sub: 'u-1', email: 'alice@acme.test' });
    expect(records().map((r) => [r.action, r.outcome, r.actor?.email])).toEqual([
      ['auth.signin', 'success', 'alice@acme.test'],
      ['auth.signout', 'success', 'alice@acme.test'],
    ]);
    expect(JSON.stringify(records())).not.toMatch(/token/i);
  });

  it('records a refused sign-in as denied and passes the error on', async () => {
    const { audited, records } = setup(new AuthError('org-not-allowed', 'wrong org'));
    await expect(audited.signIn('https://corp.example', { kind: 'browser' } as never)).rejects.toThrow('wrong org');
    expect(records()).toEqual([expect.objectContaining({ action: 'auth.refused', outcome: 'denied', details: { method: 'browser', code: 'org-not-allowed' } })]);
  });

  it('undoes a sign-in that cannot be recorded (fail closed)', async () => {
    const { audited, calls } = setup('ok', 10);
    await expect(audited.signIn('https://corp.example', { kind: 'device' } as never)).rejects.toMatchObject({ code: 'audit-full' });
    expect(calls).toEqual(['signIn', 'signOut']);
  });

  it('still signs out when the outbox is full, and says so', async () => {
    const { audited, calls } = setup('ok', 10);
    const r = await audited.signOut();
    expect(calls).toEqual(['signOut']);
    expect(r.auditError).toMatch(/full/);
  });

  it('prepares the outbox with the new session before recording, and a failed preparation is not the sign-in\'s', async () => {
    const order: string[] = [];
    const { audited, records, calls } = setup('ok', 1 << 20, { prepare: async (_auth, info) => void order.push(`prepare ${info.profile.org} after ${calls.join(',')}`) });
    await audited.signIn('https://corp.example', { kind: 'device' } as never);
    expect(order).toEqual(['prepare acme after signIn']);
    expect(records().map((r) => r.action)).toEqual(['auth.signin']);
    const failing = setup('ok', 1 << 20, { prepare: () => Promise.reject(new Error('key service down')) });
    await expect(failing.audited.signIn('https://corp.example', { kind: 'device' } as never)).resolves.toBeTruthy();
    expect(failing.records().map((r) => r.action)).toEqual(['auth.signin']);
  });

  it('reports the refusal itself when even the refusal cannot be recorded', async () => {
    const { audited } = setup(new AuthError('sign-in-refused', 'no MFA'), 10);
    await expect(audited.signIn('https://corp.example', { kind: 'browser' } as never)).rejects.toThrow('no MFA');
  });

  it('records nothing when nobody was signed in', async () => {
    const { audited, records, calls } = setup('ok');
    (audited.agentAuth as unknown as { peek: () => Promise<null> }).peek = async () => null;
    expect(await audited.signOut()).toEqual({ wasSignedIn: true, revoked: true });
    expect(calls).toEqual(['signOut']);
    expect(records()).toEqual([]);
  });
});
