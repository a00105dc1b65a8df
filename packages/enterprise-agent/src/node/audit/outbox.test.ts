import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordHashInput } from '../../common/audit/canonical.js';
import { GENESIS_HASH, type AuditRecord } from '../../common/audit/record.js';
import { ChainVerifier } from '../../common/audit/verifyChain.js';
import { openEncryptedDatabase, type SqliteDatabase } from '../localStore/encryptedDatabase.js';
import { EncryptedLocalStore } from '../localStore/encryptedLocalStore.js';
import { LocalTestKeyWrapper } from '../localStore/localTestKeyWrapper.js';
import { MemorySecretStore } from '../testSupport/memorySecretStore.js';
import { AuditError } from './auditErrors.js';
import { nodeChainCrypto, sha256Hex } from './chainCrypto.js';
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

const here = dirname(fileURLToPath(import.meta.url));
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

  it('takes a new budget while open: a smaller one refuses at once without deleting anything, a larger one accepts again', async () => {
    const { outbox } = await outboxAt(newPath(), 1 << 20);
    for (let i = 0; i < 5; i++) outbox.append({ action: 'ai.request', target: 'model', outcome: 'success' }, 'full');
    const pending = outbox.status().pendingBytes;
    outbox.setMaxBytes(pending + 10);
    expect(outbox.status()).toMatchObject({ maxBytes: pending + 10, pendingEvents: 5 });
    expect(() => outbox.append({ action: 'auth.signin', target: 'alice', outcome: 'success' }, 'security')).toThrow(expect.objectContaining({ code: 'audit-full' }));
    expect(outbox.append({ action: 'ai.request', target: 'model', outcome: 'success' }, 'full')).toBeNull();
    outbox.setMaxBytes(1 << 20);
    expect(outbox.append({ action: 'auth.signin', target: 'alice', outcome: 'success' }, 'security')).toMatchObject({ seq: 7 });
    expect(parse(outbox.pending({ maxEvents: 10, maxBytes: 1 << 20 }).records).map((r) => r.action).slice(5)).toEqual(['audit.gap', 'auth.signin']);
    expect(() => outbox.setMaxBytes(0)).toThrow(RangeError);
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

  it('keeps the event on disk in an encrypted WAL: no plaintext in the log, owner-only files', async () => {
    const path = newPath();
    const { outbox } = await outboxAt(path);
    outbox.append({ action: 'auth.signin', target: 'plaintext-marker-9e2a', outcome: 'success' }, 'security');
    // Not closed: the committed event is still only in the WAL, as after a kill.
    const wal = readFileSync(`${path}-wal`);
    expect(wal.length).toBeGreaterThan(4096);
    expect(wal.includes(Buffer.from('plaintext-marker-9e2a'))).toBe(false);
    for (const f of [path, `${path}-wal`, `${path}-shm`]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
  });
});

describe('AuditOutbox with several writers on one file', () => {
  const key = randomBytes(32);
  const connections: SqliteDatabase[] = [];
  afterEach(() => connections.splice(0).forEach((db) => db.close()));
  const open = (path: string, maxBytes = 1 << 26) => {
    const db = openEncryptedDatabase(path, key, { create: true });
    connections.push(db);
    return AuditOutbox.open({ run: (fn) => fn(db), device: 'dev-1', org: () => 'acme', maxBytes });
  };
  const verify = (records: AuditRecord[]) => {
    const verifier = new ChainVerifier(nodeChainCrypto);
    records.forEach((r) => verifier.addEvent(r));
    return verifier.finish()[0]!;
  };

  it('continues one chain whichever instance appends, sharing drops and the budget', () => {
    const path = newPath();
    const a = open(path, 3000);
    const b = open(path, 3000);
    for (let i = 0; i < 6; i++) (i % 2 ? b : a).append({ action: 'git.push', target: `t${i}`, outcome: 'success' }, 'full');
    expect(a.head).toEqual(b.head);
    // A fills the budget and drops; B sees the same budget, and its next append writes the gap marker.
    while (a.append({ action: 'ai.request', target: 'x'.repeat(100), outcome: 'success' }, 'full'));
    expect(() => b.append({ action: 'auth.signin', target: 'y'.repeat(200), outcome: 'success' }, 'security')).toThrow(expect.objectContaining({ code: 'audit-full' }));
    expect(b.status().droppedPending).toBe(1);
    b.acknowledge(a.head.seq);
    expect(a.status()).toMatchObject({ pendingEvents: 0, pendingBytes: 0, ackedSeq: b.head.seq });
    const before = a.head;
    b.append({ action: 'auth.signin', target: 'alice', outcome: 'success' }, 'security');
    const tail = parse(a.pending({ maxEvents: 10, maxBytes: 1 << 20 }).records);
    expect(tail.map((r) => [r.action, r.seq])).toEqual([
      ['audit.gap', before.seq + 1],
      ['auth.signin', before.seq + 2],
    ]);
    expect(tail[0]!.prev).toBe(before.hash);
    expect(tail[0]!.details).toMatchObject({ dropped: 1 });
  });

  it('two processes appending interleaved never reuse a sequence or fork the chain', async () => {
    const path = newPath();
    open(path);
    const tsx = join(here, '../../../node_modules/tsx/dist/loader.mjs');
    const writer = join(here, '../testSupport/outboxWriter.ts');
    const count = 300;
    const children = ['A', 'B'].map((name) => {
      const child = spawn(process.execPath, ['--import', tsx, writer, path, key.toString('hex'), name, String(count)], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<string>((resolve) => child.on('exit', (code) => resolve(`${code} ${out}`)));
      const ready = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('ready') && resolve()));
      return { child, exited, ready };
    });
    // Both have opened the outbox (and read its head once) before either appends.
    await Promise.all(children.map((c) => c.ready));
    children.forEach((c) => c.child.stdin.end('go\n'));
    for (const c of children) expect(await c.exited).toMatch(/^0 ready\ndone\n$/);

    const records = parse(open(path).pending({ maxEvents: 10_000, maxBytes: 1 << 30 }).records);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 2 * count }, (_, i) => i + 1));
    expect(verify(records)).toMatchObject({ brokenAt: null, lastSeq: 2 * count });
    // Each writer's events are all there, in its own order.
    for (const name of ['A', 'B']) expect(records.filter((r) => r.target.startsWith(`${name}-`)).map((r) => r.target)).toEqual(Array.from({ length: count }, (_, i) => `${name}-${i}`));
  }, 60_000);
});
