// The host's audit pipeline end to end: the real host (in-memory RPC, as the workbench talks
// to it), the real server on SQLite, the company IdP, and the real Secret Service. The user's
// browser is the server's test browser, which follows the sign-in to the host's loopback port.
import { closeSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host, type HostOptions } from '@marie/host';
import { authContract, createMemoryTransportPair, RpcClient, settingsContract, workspaceContract, type AuthStatus, type IAuthService, type ISettingsService, type IWorkspaceService } from '@marie/protocol';
import { sqliteTestDatabase, type TestDatabase } from '../apps/server/src/node/db/testDatabases.js';
import { auditDb } from '../apps/server/src/node/audit/tables.js';
import { startStack, type Stack } from '../apps/server/src/node/testing/stack.js';
import { outboxPath } from '../packages/enterprise-agent/src/node/index.js';
import { gateOnSecretService, secretServiceAbsence } from '../packages/enterprise-agent/src/node/testSupport/secretService.js';
import { completeLoopbackSignIn } from './support/loopbackBrowser.js';

const absent = await secretServiceAbsence();

interface Machine {
  host: Host;
  client: RpcClient;
  auth: IAuthService;
  workspace: IWorkspaceService;
  settings: ISettingsService;
}

const until = async (test: () => boolean | Promise<boolean>, what: string, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('the host records to its audit outbox and uploads to the server', () => {
  if (!gateOnSecretService(absent, it)) return;
  let tdb: TestDatabase;
  let stack: Stack;
  const machines: Machine[] = [];
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-host-audit-')));
  const dataDir = join(base, 'user');
  const trusted = join(base, 'trusted');
  const untrusted = join(base, 'elsewhere');

  beforeAll(async () => {
    for (const d of [join(base, 'policies', 'managed'), dataDir, trusted, untrusted]) mkdirSync(d, { recursive: true });
    writeFileSync(join(base, 'policies', 'managed', '10-trust.json'), JSON.stringify({ RequireFolderTrust: true, TrustedFolders: [trusted] }));
    tdb = sqliteTestDatabase();
    stack = await startStack(tdb.target);
  });
  afterEach(() => {
    for (const m of machines.splice(0)) {
      m.client.dispose();
      m.host.dispose();
    }
  });
  afterAll(async () => {
    await stack?.close();
    await tdb?.drop();
  });

  async function machine(audit: HostOptions['audit'] = { uploader: { flushMs: 50, backoffBaseMs: 50, backoffMaxMs: 500 } }): Promise<Machine> {
    const host = await createHost({
      roots: [],
      userDataDir: dataDir,
      index: { enabled: false },
      audit,
      policy: { engine: { env: { MARIE_POLICY_ROOT: join(base, 'policies') }, watch: false, pollIntervalMs: 0 } },
    });
    const [hostEnd, uiEnd] = createMemoryTransportPair();
    host.connect(hostEnd);
    const client = new RpcClient(uiEnd);
    const m = { host, client, auth: client.getProxy(authContract), workspace: client.getProxy(workspaceContract), settings: client.getProxy(settingsContract) };
    machines.push(m);
    return m;
  }

  /** Signs in as the workbench would; resolves with the status once the sign-in has settled. */
  async function signIn(m: Machine): Promise<AuthStatus> {
    const { url } = await m.auth.signIn({ server: stack.server.url });
    await completeLoopbackSignIn(url);
    let status: AuthStatus | undefined;
    await until(async () => {
      status = await m.auth.status({});
      return !status.signingIn;
    }, 'the sign-in to settle');
    return status!;
  }

  const stored = (device: string) => auditDb(stack.server.services.db).selectFrom('audit_events').select(['seq', 'action', 'outcome', 'status', 'actor_email', 'record']).where('device_id', '=', device).orderBy('seq').execute();

  it('records a denial before enrolment, the sign-in, a later denial, a settings change and the sign-out, and uploads them in order', async () => {
    const m = await machine();
    // Never enrolled: no organisation to audit to yet, so the denial waits in memory.
    await expect(m.workspace.openFolder({ path: untrusted })).rejects.toMatchObject({ code: 'E_POLICY_DENIED' });
    expect(m.host.audit.agent.state).toBe('no-outbox');

    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
    expect(await signIn(m)).toMatchObject({ signedIn: true, profile: { email: 'alice@acme.test' } });
    expect(m.host.audit.agent.state).toBe('open');
    const device = m.host.audit.agent.enrollment!.device;

    await expect(m.workspace.openFolder({ path: join(untrusted, '.') })).rejects.toMatchObject({ code: 'E_POLICY_DENIED' });
    await m.settings.update({ id: 'telemetry.telemetryLevel', value: 'error' });
    expect(await m.auth.signOut({})).toMatchObject({ wasSignedIn: true, revoked: true });

    await until(async () => (await stored(device)).length >= 5, 'the upload of five events');
    const rows = await stored(device);
    expect(rows.map((r) => [r.seq, r.action, r.outcome, r.status])).toEqual([
      [1, 'policy.violation', 'denied', 'ok'],
      [2, 'auth.signin', 'success', 'ok'],
      [3, 'policy.violation', 'denied', 'ok'],
      [4, 'settings.changed', 'success', 'ok'],
      [5, 'auth.signout', 'success', 'ok'],
    ]);
    expect(rows.slice(1).map((r) => r.actor_email)).toEqual(['alice@acme.test', 'alice@acme.test', 'alice@acme.test', 'alice@acme.test']);
    expect(JSON.parse(rows[3]!.record)).toMatchObject({ target: 'telemetry.telemetryLevel', details: { value: 'error' } });
    // Never a token in what left the machine.
    expect(rows.map((r) => r.record).join('\n')).not.toMatch(/eyJ[\w-]{20,}/);
  });

  it('applies a changed AuditOutboxMaxSize to the open outbox at once, without a restart', async () => {
    // Uploads wait ten minutes between rounds here, so what is appended below stays pending.
    const m = await machine({ uploader: { flushMs: 600_000, backoffBaseMs: 600_000 } });
    await until(() => m.host.audit.agent.state === 'open', 'the enrolled outbox to open at start');
    // Opened, shipping started, and the uploader's first round has already read the queue.
    await m.host.audit.agent.settled();
    const outbox = m.host.audit.agent.slot.current!;
    expect(outbox.status().maxBytes).toBe(64 << 20);
    for (let i = 0; i < 300; i++) outbox.append({ action: 'file.export', target: `f${i}`, outcome: 'success', details: { note: 'x'.repeat(4000) } }, 'full');
    expect(outbox.status().pendingBytes).toBeGreaterThan(1 << 20);
    await m.settings.update({ id: 'telemetry.telemetryLevel', value: 'off' });

    const budget = join(base, 'policies', 'managed', '20-audit.json');
    writeFileSync(budget, JSON.stringify({ AuditOutboxMaxSize: 1 }));
    await m.host.policy.engine.reload();
    expect(outbox.status().maxBytes).toBe(1 << 20);
    await expect(m.settings.update({ id: 'telemetry.telemetryLevel', value: 'error' })).rejects.toMatchObject({ code: 'E_AUDIT_UNAVAILABLE', message: expect.stringMatching(/audit outbox is full/) });
    expect((await m.settings.list({})).find((s) => s.id === 'telemetry.telemetryLevel')).toMatchObject({ value: 'off' });

    rmSync(budget);
    await m.host.policy.engine.reload();
    expect(outbox.status().maxBytes).toBe(64 << 20);
    await m.settings.update({ id: 'telemetry.telemetryLevel', value: 'error' });
  });

  it('fails closed on an enrolled device whose outbox cannot be opened: security actions refused with E_AUDIT_UNAVAILABLE', async () => {
    // The device from the test above, its outbox damaged on disk (or tampered with) since.
    const fd = openSync(outboxPath(dataDir), 'r+');
    writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 100);
    closeSync(fd);
    const m = await machine();
    await until(() => m.host.audit.agent.state === 'unavailable', 'the outbox to fail to open');

    await expect(m.settings.update({ id: 'telemetry.telemetryLevel', value: 'off' })).rejects.toMatchObject({ code: 'E_AUDIT_UNAVAILABLE', message: expect.stringMatching(/settings\.changed.*refused.*audit outbox/) });
    expect((await m.settings.list({})).find((s) => s.id === 'telemetry.telemetryLevel')).toMatchObject({ value: 'error' });
    // A denial stays a denial.
    await expect(m.workspace.openFolder({ path: untrusted })).rejects.toMatchObject({ code: 'E_POLICY_DENIED' });

    // A sign-in that cannot be on record is undone, with a reason the workbench can show.
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
    expect(await signIn(m)).toMatchObject({ signedIn: false, reason: { code: 'audit-unavailable', message: expect.stringMatching(/could not be recorded/) } });
  });
});
