import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordHashInput } from '../../common/audit/canonical.js';
import { GENESIS_HASH, type AuditRecord } from '../../common/audit/record.js';
import { EncryptedLocalStore } from '../localStore/encryptedLocalStore.js';
import { LocalTestKeyWrapper } from '../localStore/localTestKeyWrapper.js';
import { MemorySecretStore } from '../testSupport/memorySecretStore.js';
import { AuditError } from './auditErrors.js';
import { sha256Hex } from './chainCrypto.js';
import { AuditOutbox } from './outbox.js';

const wrapper = new LocalTestKeyWrapper();
const secrets = new MemorySecretStore();
const opened: EncryptedLocalStore[] = [];

async function openStore(path: string) {
  const store = await EncryptedLocalStore.open({ path, keyWrapper: wrapper, secretStore: secrets, offlineGraceMs: 3_600_000 });
  opened.push(store);
  return store;
}

async function outboxAt(path: string, maxBytes = 1 << 20, now?: () => number) {
  const store = await openStore(path);
  return { store, outbox: AuditOutbox.open({ run: (fn) => store.use(fn), device: 'dev-1', org: () => 'acme', maxBytes, now }) };
}

const parse = (texts: string[]) => texts.map((t) => JSON.parse(t) as AuditRecord);
const newPath = () => join(mkdtempSync(join(tmpdir(), 'marie-outbox-')), 'outbox.db');

afterEach(() => opened.splice(0).forEach((s) => s.close()));

describe('AuditOutbox', () => {
  it('chains every record to the previous one with SHA-256 and numbers them from 1', async () => {
    const { outbox } = await outboxAt(newPath());
    for (let i = 0; i < 5; i++) outbox.append({ action: 'file.export', target: `f${i}`, outcome: 'success' }, 'full');
    const records = parse(outbox.pending({ maxEvents: 10, maxBytes: 1 << 20 }).records);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]!.prev).toBe(GENESIS_HASH);
    for (let i = 0; i < records.length; i++) {
      expect(records[i]!.hash).toBe(sha256Hex(recordHashInput(records[i]!)));
      if (i > 0) expect(records[i]!.prev).toBe(records[i - 1]!.hash);
    }
    expect(records[0]).toMatchObject({ org: 'acme', device: 'dev-1', action: 'file.export', outcome: 'success' });
  });

  it('masks secrets and encodes control characters before anything is stored', async () => {
    const { outbox } = await outboxAt(newPath());
    const r = outbox.append({ action: 'auth.signin', target: 'evil\x1b[31mred', outcome: 'success', details: { password: 'hunter2', note: 'Bearer abc.def', url: 'https://u:pw@host/x' } }, 'security')!;
    expect(r.target).toBe('evil\\u001b[31mred');
    expect(r.details).toEqual({ password: '[masked]', note: '[masked]', url: 'https://u:[masked]@host/x' });
    expect(() => outbox.append({ action: 'Not An Action', target: '', outcome: 'success' }, 'full')).toThrow(AuditError);
  });

  it('resumes the chain after a restart and deletes only what was acknowledged', async () => {
    const path = newPath();
    const a = await outboxAt(path);
    for (let i = 0; i < 4; i++) a.outbox.append({ action: 'git.push', target: 'repo', outcome: 'success' }, 'full');
    a.outbox.acknowledge(2);
    a.store.close();
    const b = await outboxAt(path);
    expect(b.outbox.status()).toMatchObject({ headSeq: 4, ackedSeq: 2, pendingEvents: 2 });
    const next = b.outbox.append({ action: 'git.push', target: 'repo', outcome: 'success' }, 'full')!;
    const before = parse(b.outbox.pending({ maxEvents: 10, maxBytes: 1 << 20 }).records);
    expect(before.map((r) => r.seq)).toEqual([3, 4, 5]);
    expect(next.prev).toBe(before[1]!.hash);
  });

  it('when full, refuses security events (fail closed) and drops low-level ones behind a gap marker', async () => {
    const { outbox } = await outboxAt(newPath(), 2000);
    let appended = 0;
    while (outbox.append({ action: 'ai.request', target: 'model', outcome: 'success', details: { n: appended } }, 'full')) appended++;
    expect(appended).toBeGreaterThan(0);
    // Two more low-level events dropped, then a security event refused.
    expect(outbox.append({ action: 'ai.request', target: 'model', outcome: 'success' }, 'full')).toBeNull();
    expect(() => outbox.append({ action: 'auth.signin', target: 'alice', outcome: 'success' }, 'security')).toThrow(expect.objectContaining({ code: 'audit-full' }));
    expect(outbox.status().droppedPending).toBe(2);
    outbox.acknowledge(outbox.head.seq);
    const r = outbox.append({ action: 'auth.signin', target: 'alice', outcome: 'success' }, 'security')!;
    const records = parse(outbox.pending({ maxEvents: 10, maxBytes: 1 << 20 }).records);
    expect(records.map((x) => x.action)).toEqual(['audit.gap', 'auth.signin']);
    expect(records[0]!.details).toMatchObject({ dropped: 2 });
    expect(r.prev).toBe(records[0]!.hash);
    expect(outbox.status().droppedPending).toBe(0);
  });

  it('keeps the device clock as recorded when it jumps backwards; the sequence keeps the order', async () => {
    let t = Date.parse('2026-11-26T12:00:00Z');
    const { outbox } = await outboxAt(newPath(), 1 << 20, () => t);
    outbox.append({ action: 'git.push', target: 'a', outcome: 'success' }, 'full');
    t -= 3_600_000;
    outbox.append({ action: 'git.push', target: 'b', outcome: 'success' }, 'full');
    const records = parse(outbox.pending({ maxEvents: 10, maxBytes: 1 << 20 }).records);
    expect(records.map((r) => [r.seq, r.time])).toEqual([
      [1, '2026-11-26T12:00:00.000Z'],
      [2, '2026-11-26T11:00:00.000Z'],
    ]);
  });

  it('batches by count and bytes, always at least one record', async () => {
    const { outbox } = await outboxAt(newPath());
    for (let i = 0; i < 10; i++) outbox.append({ action: 'file.export', target: 'x'.repeat(100), outcome: 'success' }, 'full');
    expect(outbox.pending({ maxEvents: 3, maxBytes: 1 << 20 }).records).toHaveLength(3);
    expect(outbox.pending({ maxEvents: 100, maxBytes: 1 }).records).toHaveLength(1);
    expect(outbox.pending({ afterSeq: 8, maxEvents: 100, maxBytes: 1 << 20 }).lastSeq).toBe(10);
  });
});
