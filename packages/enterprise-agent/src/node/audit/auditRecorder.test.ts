import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditLevel } from '../../common/audit/levels.js';
import type { AuditRecord } from '../../common/audit/record.js';
import { PolicyEnforcer } from '../../common/enforcement/enforcer.js';
import { EffectivePolicies } from '../../common/policy/effective.js';
import { emptyLayer } from '../../common/policy/layers.js';
import { resolvePolicies } from '../../common/policy/resolve.js';
import { openEncryptedDatabase } from '../localStore/encryptedDatabase.js';
import { AuditRecorder } from './auditRecorder.js';
import { AuditOutbox } from './outbox.js';

function recorder(level: AuditLevel, maxBytes = 1 << 20) {
  const db = openEncryptedDatabase(join(mkdtempSync(join(tmpdir(), 'marie-rec-')), 'o.db'), Buffer.alloc(32, 3), { create: true });
  const outbox = AuditOutbox.open({ run: (fn) => fn(db), device: 'dev-r', maxBytes });
  let current = level;
  const rec = new AuditRecorder({ outbox, level: () => current, actor: () => ({ sub: 'u-1', email: 'alice@acme.test' }) });
  const records = () => outbox.pending({ maxEvents: 100, maxBytes: 1 << 20 }).records.map((t) => JSON.parse(t) as AuditRecord);
  return { rec, records, setLevel: (l: AuditLevel) => (current = l) };
}

describe('AuditRecorder', () => {
  it('records what the AuditLevel policy asks for, read at each event', () => {
    const { rec, records, setLevel } = recorder('security');
    rec.record({ action: 'auth.signin', target: 'alice', outcome: 'success' });
    rec.record({ action: 'git.push', target: 'repo', outcome: 'success' });
    // A refusal is security-relevant whatever its action.
    rec.record({ action: 'git.push', target: 'repo', outcome: 'denied' });
    setLevel('full');
    rec.record({ action: 'ai.request', target: 'model', outcome: 'success' });
    setLevel('off');
    rec.record({ action: 'auth.signout', target: 'alice', outcome: 'success' });
    expect(records().map((r) => `${r.action}:${r.outcome}`)).toEqual(['auth.signin:success', 'git.push:denied', 'ai.request:success']);
    expect(records()[0]!.actor).toEqual({ sub: 'u-1', email: 'alice@acme.test' });
  });

  it('refuses the action when its security event cannot be made durable (fail closed)', async () => {
    const { rec } = recorder('full', 600);
    let ran = 0;
    await rec.guard({ action: 'extension.install', target: 'a.b', outcome: 'allowed' }, () => ran++);
    await expect(rec.guard({ action: 'extension.install', target: 'c.d', outcome: 'allowed', details: { pad: 'x'.repeat(400) } }, () => ran++)).rejects.toMatchObject({ code: 'audit-full' });
    expect(ran).toBe(1);
  });

  it('is the sink of the policy enforcer: a denial lands in the chain', () => {
    const { rec, records } = recorder('security');
    const layer = emptyLayer('machine', 'mandatory', 'machine', '/p/managed', 'ok');
    layer.entries.push({ key: 'AllowedExtensions', value: { '*': false }, origin: '/p/managed/00.json' });
    const r = resolvePolicies({ layers: [layer] });
    const enforcer = new PolicyEnforcer(() => new EffectivePolicies(r.policies, r.errors, [], 0), rec);
    expect(() => enforcer.assertExtensionAllowed('evil.ext', '1.0.0')).toThrow();
    expect(records()).toEqual([expect.objectContaining({ action: 'policy.violation', target: expect.stringContaining('evil.ext'), outcome: 'denied', seq: 1 })]);
  });
});
