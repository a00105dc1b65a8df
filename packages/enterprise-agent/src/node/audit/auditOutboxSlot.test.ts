import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../common/audit/record.js';
import { openEncryptedDatabase } from '../localStore/encryptedDatabase.js';
import { AuditBuffer } from './auditBuffer.js';
import { AuditOutboxSlot } from './auditOutboxSlot.js';
import { AuditRecorder } from './auditRecorder.js';
import { AuditOutbox } from './outbox.js';

function outbox() {
  const db = openEncryptedDatabase(join(mkdtempSync(join(tmpdir(), 'marie-slot-')), 'o.db'), Buffer.alloc(32, 5), { create: true });
  const o = AuditOutbox.open({ run: (fn) => fn(db), device: 'dev-s', maxBytes: 1 << 20 });
  return { o, records: () => o.pending({ maxEvents: 100, maxBytes: 1 << 20 }).records.map((t) => JSON.parse(t) as AuditRecord) };
}

function setup(level: 'security' | 'full' = 'security', capacity = 1000) {
  let has = false;
  const buffer = new AuditBuffer(capacity);
  const slot = new AuditOutboxSlot(buffer, () => has);
  const recorder = new AuditRecorder({ outbox: slot, level: () => level });
  return { buffer, slot, recorder, setHasOutbox: (v: boolean) => (has = v) };
}

describe('AuditOutboxSlot', () => {
  it('keeps events in memory before the device has an outbox, then appends them first, in order', () => {
    const { buffer, slot, recorder, setHasOutbox } = setup();
    recorder.emit({ action: 'policy.violation', target: '/a', outcome: 'denied', details: {} });
    recorder.record({ action: 'auth.signin', target: 'https://corp', outcome: 'success' });
    expect(slot.state).toBe('no-outbox');
    expect(buffer.events.map((e) => e.input.action)).toEqual(['policy.violation', 'auth.signin']);
    setHasOutbox(true);
    slot.beginOpening();
    recorder.record({ action: 'auth.signout', target: 'session', outcome: 'success' });
    const { o, records } = outbox();
    slot.attach(o);
    recorder.record({ action: 'settings.changed', target: 'x', outcome: 'success' });
    expect(records().map((r) => [r.seq, r.action])).toEqual([
      [1, 'policy.violation'],
      [2, 'auth.signin'],
      [3, 'auth.signout'],
      [4, 'settings.changed'],
    ]);
    expect(records()[0]!.details).toMatchObject({ recordedAt: expect.stringMatching(/^\d{4}-/) });
    expect(buffer.events).toHaveLength(0);
  });

  it('is bounded: the oldest go, and the loss is the first record in the chain', () => {
    const { buffer, slot, recorder } = setup('security', 2);
    for (const t of ['a', 'b', 'c', 'd']) recorder.record({ action: 'auth.refused', target: t, outcome: 'denied' });
    expect(buffer.events.map((e) => e.input.target)).toEqual(['c', 'd']);
    const { o, records } = outbox();
    slot.attach(o);
    expect(records().map((r) => [r.action, r.target, r.details.dropped ?? null])).toEqual([
      ['audit.gap', 'pre-enrolment buffer', 2],
      ['auth.refused', 'c', null],
      ['auth.refused', 'd', null],
    ]);
  });

  it('refuses security events once the device has an outbox that is not open; everyday events are dropped', () => {
    const { slot, recorder, buffer, setHasOutbox } = setup('full');
    setHasOutbox(true);
    slot.detach('the audit outbox cannot be opened (store-corrupt)');
    expect(slot.state).toBe('unavailable');
    expect(() => recorder.record({ action: 'auth.signin', target: 'x', outcome: 'success' })).toThrow(expect.objectContaining({ code: 'audit-unavailable', message: expect.stringMatching(/store-corrupt/) }));
    expect(recorder.record({ action: 'file.save', target: '/a', outcome: 'success' })).toBeNull();
    expect(buffer.events).toHaveLength(0);
  });
});
