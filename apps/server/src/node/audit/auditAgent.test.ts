import { mkdtempSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAgentPolicy, AuditSession } from '@marie/enterprise-agent/node';
import { AuditAgent, AuditError, outboxPath } from '@marie/enterprise-agent/node';
import type { SecretStore } from '@marie/enterprise-agent';
import { sqliteTestDatabase, type TestDatabase } from '../db/testDatabases.js';
import { aliceAccessToken, startStack, type Stack } from '../testing/stack.js';
import { auditDb } from './tables.js';

/** The keychain's role (device key, cached data key) without a Secret Service: this file tests the pipeline. */
function memorySecrets(): SecretStore {
  const m = new Map<string, string>();
  return { kind: 'os-keychain', isWeaker: false, description: 'memory', get: async (s, a) => m.get(`${s}/${a}`) ?? null, set: async (s, a, v) => void m.set(`${s}/${a}`, v), delete: async (s, a) => m.delete(`${s}/${a}`) };
}

const until = async (test: () => Promise<boolean>, what: string, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

// The agent's audit pipeline as the host and the CLI run it, against the real server (SQLite).
describe('AuditAgent with the server', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let session: AuditSession;
  const dataDir = mkdtempSync(join(tmpdir(), 'marie-agent-'));
  const secrets = memorySecrets();
  const agents: AuditAgent[] = [];
  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    stack = await startStack(tdb.target);
    const token = await aliceAccessToken(stack);
    session = { server: stack.server.url, org: 'acme', accessToken: async () => token };
  });
  afterAll(async () => {
    for (const a of agents) await a.close();
    await stack?.close();
    await tdb?.drop();
  });

  const agent = (policy: Partial<AuditAgentPolicy> = {}, dir = dataDir) => {
    const a = new AuditAgent({
      dataDir: dir,
      secrets: async () => secrets,
      policy: () => ({ AuditLevel: 'security', AuditUploadEndpoint: null, AuditOutboxMaxSize: 64, LocalDataOfflineGracePeriod: 60, ...policy }),
      actor: () => ({ sub: 'alice', email: 'alice@acme.test' }),
      ship: { uploader: { flushMs: 20, backoffBaseMs: 20, backoffMaxMs: 100 } },
    });
    agents.push(a);
    return a;
  };
  const stored = (device: string) => auditDb(stack.server.services.db).selectFrom('audit_events').select(['seq', 'action', 'outcome', 'status', 'org_id', 'record']).where('device_id', '=', device).orderBy('seq').execute();

  it('keeps events in memory until the first session, then opens, enrols, appends them in order and uploads', async () => {
    const a = agent();
    a.recorder.emit({ action: 'policy.violation', target: '/elsewhere', outcome: 'denied', details: { policy: 'RequireFolderTrust' } });
    expect(a.state).toBe('no-outbox');
    expect(a.buffer.events).toHaveLength(1);
    await a.connect(session);
    expect(a.state).toBe('open');
    expect(a.hasOutbox()).toBe(true);
    expect(a.enrollment).toMatchObject({ server: stack.server.url, org: 'acme' });
    expect(a.buffer.events).toHaveLength(0);
    expect(a.recorder.record({ action: 'auth.signin', target: stack.server.url, outcome: 'success' })?.seq).toBe(2);
    const device = a.enrollment!.device;
    await until(async () => (await stored(device)).length === 2, 'the upload');
    const rows = await stored(device);
    expect(rows.map((r) => [r.seq, r.action, r.outcome, r.status, r.org_id])).toEqual([
      [1, 'policy.violation', 'denied', 'ok', stack.org.id],
      [2, 'auth.signin', 'success', 'ok', stack.org.id],
    ]);
    // The outbox stamps the time of the append; when it really happened travels in the details.
    expect(JSON.parse(rows[0]!.record).details).toMatchObject({ recordedAt: expect.any(String) });
    await a.close();
  });

  it('opens an enrolled device\'s outbox at restart with the cached key, nobody signed in, and keeps the chain', async () => {
    const a = agent();
    await a.connect(null);
    expect(a.state).toBe('open');
    expect(a.recorder.record({ action: 'auth.signout', target: 'session', outcome: 'success' })?.seq).toBe(3);
    await until(async () => (await stored(a.enrollment!.device)).length === 3, 'the upload without a session');
    await a.close();
  });

  it('uploads once on demand and never throws when the upload endpoint is away', async () => {
    const a = new AuditAgent({ dataDir, secrets: async () => secrets, policy: () => ({ AuditLevel: 'security', AuditUploadEndpoint: 'http://127.0.0.1:9', AuditOutboxMaxSize: 64, LocalDataOfflineGracePeriod: 60 }) });
    agents.push(a);
    await a.connect(null);
    a.recorder.record({ action: 'auth.signin', target: 'x', outcome: 'success' });
    const results = await a.uploadNow(2_000);
    expect(results).toEqual([expect.objectContaining({ kind: 'retry', reason: expect.stringMatching(/network/) })]);
    await a.close();
  });

  it('fails closed once the device has an outbox that cannot be opened: security events refused, everyday ones dropped', async () => {
    // Damaged on disk (or tampered): the first page no longer authenticates.
    const fd = openSync(outboxPath(dataDir), 'r+');
    writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 100);
    closeSync(fd);
    const a = agent({ AuditLevel: 'full' });
    await a.connect(session);
    expect(a.state).toBe('unavailable');
    expect(() => a.recorder.record({ action: 'settings.changed', target: 'telemetry.level', outcome: 'success' })).toThrow(AuditError);
    expect(() => a.recorder.record({ action: 'settings.changed', target: 'x', outcome: 'success' })).toThrow(/refused because the audit outbox cannot be written: the audit outbox cannot be opened .*(damaged|tampered|decrypted)/);
    expect(a.recorder.record({ action: 'file.save', target: '/a', outcome: 'success' })).toBeNull();
    expect(a.buffer.events).toHaveLength(0);
  });

  it('does not create an outbox without a session (nothing to audit to yet)', async () => {
    const a = agent({}, mkdtempSync(join(tmpdir(), 'marie-agent-new-')));
    await a.connect(null);
    expect(a.state).toBe('no-outbox');
    expect(a.hasOutbox()).toBe(false);
    expect(a.recorder.record({ action: 'auth.refused', target: 'x', outcome: 'denied' })).toBeNull();
    expect(a.buffer.events).toHaveLength(1);
  });
});
