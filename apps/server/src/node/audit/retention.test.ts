import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/testDatabases.js';
import type { Stack } from '../testing/stack.js';
import { drain, startAuditStack, startTestAgent, type AuditStack } from './auditTestAgent.js';
import { purgeExpiredAudit } from './retention.js';
import { auditDb } from './tables.js';

describe.each(testEngines)('audit retention and legal hold on %s', (_engine, create) => {
  let audit: AuditStack;
  let stack: Stack;
  let bob: string;
  let alice: string;
  beforeAll(async () => {
    audit = await startAuditStack(create);
    ({ stack, bob, alice } = audit);
  });
  afterAll(() => audit?.close());

  const put = (body: object, token = bob) => fetch(`${stack.server.url}/api/v1/audit/retention`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const count = async () => Number((await auditDb(stack.server.services.db).selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('purges what is older than the retention, never under a legal hold, and only through the purge', async () => {
    const a = await startTestAgent(stack.server.url, alice);
    for (let i = 0; i < 10; i++) a.outbox.append({ action: 'git.push', target: `r${i}`, outcome: 'success' }, 'full');
    await drain(a);
    expect(await count()).toBe(10);
    const twoDaysOn = Date.now() + 2 * 86_400_000;

    expect((await put({ days: 1, legalHold: false }, alice)).status).toBe(403);
    expect((await put({ days: 0, legalHold: false })).status).toBe(400);
    expect(await (await put({ days: 1, legalHold: true })).json()).toEqual({ days: 1, legalHold: true });
    expect(await purgeExpiredAudit(stack.server.services.db, twoDaysOn)).toBe(0);
    expect(await count()).toBe(10);

    await put({ days: 30, legalHold: false });
    expect(await purgeExpiredAudit(stack.server.services.db, twoDaysOn)).toBe(0);
    await put({ days: 1, legalHold: false });
    expect(await purgeExpiredAudit(stack.server.services.db, twoDaysOn)).toBe(10);
    expect(await count()).toBe(0);

    // The gate closed with the purge: the application still cannot delete or edit.
    for (let i = 0; i < 3; i++) a.outbox.append({ action: 'git.push', target: 'x', outcome: 'success' }, 'full');
    await drain(a);
    await expect(auditDb(stack.server.services.db).deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    expect(await count()).toBe(3);
    // The chain continues after the purge: the device's head was kept.
    expect((await auditDb(stack.server.services.db).selectFrom('audit_events').select('status').execute()).map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
  });
});
