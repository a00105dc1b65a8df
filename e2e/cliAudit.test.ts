// `marie login` / `marie logout` record into the agent's audit outbox and upload before they
// exit, so the events reach the server with no IDE running. Real CLI, real server (SQLite),
// company IdP and Secret Service; the loopback sign-in is driven by the server's test browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTestDatabase, type TestDatabase } from '../apps/server/src/node/db/testDatabases.js';
import { auditDb } from '../apps/server/src/node/audit/tables.js';
import { startStack, type Stack } from '../apps/server/src/node/testing/stack.js';
import { gateOnSecretService, secretServiceAbsence } from '../packages/enterprise-agent/src/node/testSupport/secretService.js';
import { marie, newMachine, run } from './cliAuthHarness.js';
import { completeLoopbackSignIn } from './support/loopbackBrowser.js';

const absent = await secretServiceAbsence();

describe('marie login / logout are audited and uploaded by the CLI', () => {
  if (!gateOnSecretService(absent, it)) return;
  let tdb: TestDatabase;
  let stack: Stack;

  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    stack = await startStack(tdb.target);
  });
  afterAll(async () => {
    await stack?.close();
    await tdb?.drop();
  });

  const stored = (device: string) => auditDb(stack.server.services.db).selectFrom('audit_events').select(['seq', 'action', 'outcome', 'actor_email']).where('device_id', '=', device).orderBy('seq').execute();

  it('puts auth.signin and auth.signout on the server for this device, and the budget comes from policy', async () => {
    const m = newMachine();
    m.setPolicy({ AuditOutboxMaxSize: 32 });
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
    const cli = marie(m, ['login', '--server', stack.server.url]);
    const [, url] = await cli.waitFor(/Open this URL in your browser to sign in:\n\s+(\S+)/);
    await completeLoopbackSignIn(url!);
    const login = await cli.done;
    expect(login.code, login.err).toBe(0);
    expect(login.err).not.toMatch(/audit/);

    const enrollment = JSON.parse(readFileSync(join(m.dataDir, 'audit', 'enrollment.json'), 'utf8')) as { device: string; org: string; server: string };
    expect(enrollment).toMatchObject({ org: 'acme', server: stack.server.url });
    // Already there when the command returned: no IDE is running to upload it later.
    expect((await stored(enrollment.device)).map((r) => [r.seq, r.action, r.outcome, r.actor_email])).toEqual([[1, 'auth.signin', 'success', 'alice@acme.test']]);

    const logout = await run(m, ['logout']);
    expect(logout.code, logout.err).toBe(0);
    expect((await stored(enrollment.device)).map((r) => [r.action, r.actor_email])).toEqual([
      ['auth.signin', 'alice@acme.test'],
      ['auth.signout', 'alice@acme.test'],
    ]);

    const status = JSON.parse((await run(m, ['audit', 'status', '--json'])).out);
    expect(status).toMatchObject({ outbox: true, device: enrollment.device, pendingEvents: 0, headSeq: 2, ackedSeq: 2, maxBytes: 32 * 1024 * 1024 });
  }, 60_000);
});
