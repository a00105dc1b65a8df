// `marie login` / `marie logout` record into the agent's audit outbox and upload before they
// exit, so the events reach the server with no IDE running. Real CLI, real server (SQLite),
// company IdP and Secret Service; the loopback sign-in is driven by the server's test browser.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTestDatabase, type TestDatabase } from '../apps/server/src/node/db/testDatabases.js';
import { exportJsonl } from '../apps/server/src/node/audit/exportStream.js';
import { auditDb } from '../apps/server/src/node/audit/tables.js';
import { startStack, type Stack } from '../apps/server/src/node/testing/stack.js';
import { heldDir } from '../packages/enterprise-agent/src/node/index.js';
import { gateOnSecretService, secretServiceAbsence } from '../packages/enterprise-agent/src/node/testSupport/secretService.js';
import { marie, newMachine, run, type CliMachine } from './cliAuthHarness.js';
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
  const checkpoints = async (device: string) => (await auditDb(stack.server.services.db).selectFrom('audit_checkpoints').select('seq').where('device_id', '=', device).orderBy('seq').execute()).map((c) => c.seq);
  const enrolledDevice = (m: CliMachine) => (JSON.parse(readFileSync(join(m.dataDir, 'audit', 'enrollment.json'), 'utf8')) as { device: string }).device;

  async function login(m: CliMachine) {
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
    const cli = marie(m, ['login', '--server', stack.server.url]);
    const [, url] = await cli.waitFor(/Open this URL in your browser to sign in:\n\s+(\S+)/);
    await completeLoopbackSignIn(url!);
    return cli.done;
  }

  /** The server's export of `device`, as an auditor downloads it, minus the records `cut` drops. */
  async function exportFile(m: CliMachine, device: string, cut: (record: { seq: number }) => boolean = () => false) {
    const lines: string[] = [];
    for await (const chunk of exportJsonl(stack.server.services.db, stack.org.id, { device })) lines.push(...chunk.split('\n').filter(Boolean));
    const kept = lines.filter((l) => {
      const v = JSON.parse(l) as { seq?: number; action?: string };
      return !(v.action !== undefined && cut({ seq: v.seq! }));
    });
    const file = join(m.dataDir, `export-${Math.random()}.jsonl`);
    writeFileSync(file, `${kept.join('\n')}\n`);
    return file;
  }

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

  it('signs a checkpoint after each command that recorded, so a tail cut after `marie logout` shows', async () => {
    const m = newMachine();
    const login1 = await login(m);
    expect(login1.code, login1.err).toBe(0);
    const device = enrolledDevice(m);
    // Signed with the device key from the keychain and uploaded with the event it covers.
    expect(await checkpoints(device)).toEqual([1]);
    const logout = await run(m, ['logout']);
    expect(logout.code, logout.err).toBe(0);
    expect(await checkpoints(device)).toEqual([1, 2]);
    expect(JSON.parse((await run(m, ['audit', 'status', '--json'])).out)).toMatchObject({ headSeq: 2, lastCheckpoint: { seq: 2, device } });
    // A command that recorded nothing signs nothing new.
    expect((await run(m, ['logout'])).out).toMatch(/Not signed in/);
    expect(await checkpoints(device)).toEqual([1, 2]);

    const whole = await run(m, ['audit', 'verify', await exportFile(m, device)]);
    expect(whole.code, whole.out).toBe(0);
    expect(whole.out).toMatch(/2 signed checkpoints verified, anchored up to 2/);
    // The sign-out removed from the server's store (or from the export): the checkpoint names the cut.
    const cut = await run(m, ['audit', 'verify', await exportFile(m, device, (r) => r.seq === 2)]);
    expect(cut.code, cut.out).toBe(1);
    expect(cut.out).toMatch(/BROKEN at sequence 2: .*covers sequence 2, but the chain ends at 1 \(the tail was cut\)/);
  }, 60_000);

  it('records as a gap the events of a command that ended before this device had an outbox', async () => {
    const m = newMachine();
    // Never signed in: the refusal waits in memory, and the process ends with it there.
    const refused = await run(m, ['login', '--server', 'http://127.0.0.1:9']);
    expect(refused.code).not.toBe(0);
    expect(existsSync(join(m.dataDir, 'audit', 'outbox.db'))).toBe(false);
    expect(readdirSync(heldDir(m.dataDir))).toHaveLength(1);

    const ok = await login(m);
    expect(ok.code, ok.err).toBe(0);
    const rows = await stored(enrolledDevice(m));
    expect(rows.map((r) => [r.seq, r.action, r.outcome])).toEqual([
      [1, 'audit.gap', 'failure'],
      [2, 'auth.signin', 'success'],
    ]);
    const gap = await auditDb(stack.server.services.db).selectFrom('audit_events').select('record').where('device_id', '=', enrolledDevice(m)).where('seq', '=', 1).executeTakeFirstOrThrow();
    expect(JSON.parse(gap.record)).toMatchObject({ target: 'pre-enrolment buffer', details: { dropped: 1, reason: expect.stringMatching(/ended before the audit outbox opened/) } });
    expect(readdirSync(heldDir(m.dataDir))).toEqual([]);
  }, 60_000);
});
