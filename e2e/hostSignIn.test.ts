// The host's sign-in service (what the workbench talks to) against the real server stack and
// company IdP, with the real Secret Service and Chromium as the user's browser: the test opens
// the URL the service returns, as the workbench would. Time moves through the host's clock.
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '@marie/host';
import { authContract, createMemoryTransportPair, RpcClient, workspaceContract, type AuthStatus, type IAuthService, type IWorkspaceService } from '@marie/protocol';
import { sqliteTestDatabase, type TestDatabase } from '../apps/server/src/node/db/testDatabases.js';
import { startStack, type Stack } from '../apps/server/src/node/testing/stack.js';
import { parseStoredSession } from '../packages/enterprise-agent/src/common/index.js';
import { AUTH_SECRET_SERVICE, KeychainSecretStore, sessionAccount } from '../packages/enterprise-agent/src/node/index.js';
import { gateOnSecretService, secretServiceAbsence } from '../packages/enterprise-agent/src/node/testSupport/secretService.js';
import { completeInBrowser, freshPage } from './cliAuthHarness.js';
import { launchChromium } from './support/chromium.js';

const MIN = 60_000;
const keychain = new KeychainSecretStore({ timeoutMs: 10_000 });
const absent = await secretServiceAbsence();

/** Whether the broker still honours a refresh token. */
async function refreshError(issuer: string, refreshToken: string): Promise<string | undefined> {
  const res = await fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'marie-desktop' }) });
  return ((await res.json()) as { error?: string }).error;
}

interface Machine {
  host: Host;
  client: RpcClient;
  auth: IAuthService;
  workspace: IWorkspaceService;
  dataDir: string;
  events: AuthStatus[];
  /** Moves the host's clock forward. */
  advance(ms: number): void;
  nextEvent(test: (s: AuthStatus) => boolean, timeoutMs?: number): Promise<AuthStatus>;
}

describe('the host sign-in service against the broker', () => {
  if (!gateOnSecretService(absent, it)) return;
  let tdb: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  const machines: Machine[] = [];

  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    stack = await startStack(tdb.target);
    browser = await launchChromium();
  });
  afterEach(() => {
    for (const m of machines.splice(0)) {
      m.client.dispose();
      m.host.dispose();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await tdb?.drop();
  });

  async function machine(policy: Record<string, unknown>): Promise<Machine> {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-host-auth-')));
    const dataDir = join(base, 'user');
    mkdirSync(join(base, 'policies', 'managed'), { recursive: true });
    mkdirSync(dataDir);
    writeFileSync(join(base, 'policies', 'managed', '10-auth.json'), JSON.stringify(policy));
    let offset = 0;
    const host = await createHost({
      roots: [],
      userDataDir: dataDir,
      index: { enabled: false },
      authClock: () => Date.now() + offset,
      policy: { engine: { env: { MARIE_POLICY_ROOT: join(base, 'policies') }, watch: false, pollIntervalMs: 0 } },
    });
    const [hostEnd, uiEnd] = createMemoryTransportPair();
    host.connect(hostEnd);
    const client = new RpcClient(uiEnd);
    const auth = client.getProxy(authContract);
    const events: AuthStatus[] = [];
    const waiters = new Set<() => void>();
    auth.onDidChange((s) => (events.push(s), waiters.forEach((w) => w())));
    const m: Machine = {
      host,
      client,
      auth,
      workspace: client.getProxy(workspaceContract),
      dataDir,
      events,
      advance: (ms) => void (offset += ms),
      nextEvent: (test, timeoutMs = 10_000) => {
        const seen = events.length;
        return new Promise((resolve, reject) => {
          const check = () => {
            const hit = events.slice(seen).find(test);
            if (!hit) return;
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          };
          const timer = setTimeout(() => (waiters.delete(check), reject(new Error(`no such event within ${timeoutMs} ms; saw ${JSON.stringify(events.slice(seen))}`))), timeoutMs);
          waiters.add(check);
        });
      },
    };
    machines.push(m);
    return m;
  }

  const stored = async (m: Machine) => parseStoredSession(await keychain.get(AUTH_SECRET_SERVICE, sessionAccount(m.dataDir)));

  /** Signs in through the URL the service returns, with Chromium as the user's browser. */
  async function signIn(m: Machine, done = /Signed in|Sign-in failed/): Promise<AuthStatus> {
    const settled = m.nextEvent((s) => !s.signingIn && (s.signedIn || s.reason !== undefined), 30_000);
    const { url } = await m.auth.signIn({ server: stack.server.url });
    expect(new URL(url).origin).toBe(new URL(stack.server.url).origin);
    const { page, close } = await freshPage(browser);
    try {
      await completeInBrowser(page, url, done);
    } finally {
      await close();
    }
    return settled;
  }

  it('signs in through the returned URL, reports profile data only, and signing out revokes at the server', async () => {
    const m = await machine({ RequireSignIn: true });
    expect(await m.auth.status({})).toMatchObject({ signedIn: false, required: true, storeKind: 'os-keychain', weakerStore: false, signingIn: false, server: null, serverPinned: false });
    // Fails closed: no files before sign-in, whoever asks.
    await expect(m.workspace.getRoots({})).rejects.toMatchObject({ code: 'E_SIGN_IN_REQUIRED' });
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
    const signingIn = m.nextEvent((s) => s.signingIn);
    const status = await signIn(m);
    expect(await m.workspace.getRoots({})).toEqual([]);
    expect((await signingIn).signingIn).toBe(true);
    expect(status).toMatchObject({ signedIn: true, required: true, profile: { email: 'alice@acme.test', org: 'acme', mfa: true }, server: stack.server.url, sessionEndsAt: null });
    expect(status.reason).toBeUndefined();

    // No token ever crossed the wire to the workbench.
    const session = (await stored(m))!;
    expect(session.clientId).toBe('marie-desktop');
    const wire = JSON.stringify([m.events, await m.auth.status({})]);
    for (const token of [session.refreshToken, session.accessToken]) expect(wire).not.toContain(token);

    const changed = m.nextEvent((s) => !s.signedIn);
    expect(await m.auth.signOut({})).toEqual({ wasSignedIn: true, revoked: true });
    expect((await changed).reason).toBeUndefined();
    expect(await stored(m)).toBeNull();
    expect(await refreshError(stack.server.url, session.refreshToken)).toBe('invalid_grant');
    await expect(m.workspace.getRoots({})).rejects.toMatchObject({ code: 'E_SIGN_IN_REQUIRED' });
    // The server is remembered for the next sign-in.
    expect(await m.auth.status({})).toMatchObject({ signedIn: false, server: stack.server.url });
  });

  it('reports a sign-in the broker refuses (no second factor) with its reason, and a bad server at once', async () => {
    const m = await machine({});
    stack.idp.next = { accountId: 'bob', amr: ['pwd'] };
    const status = await signIn(m);
    expect(status).toMatchObject({ signedIn: false, reason: { code: 'sign-in-refused', message: expect.stringMatching(/multi-factor authentication is required/) } });
    expect(await stored(m)).toBeNull();
    await expect(m.auth.signIn({ server: 'http://marie.example.com' })).rejects.toMatchObject({ code: 'E_AUTH_FAILED', message: expect.stringMatching(/not https/) });
    await expect(m.auth.signIn({ server: 'x'.repeat(3000) })).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    await expect(m.auth.signIn({ server: stack.server.url, extra: 1 } as never)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
  });

  it('cancels a sign-in under way: the loopback listener closes and no reason is shown', async () => {
    const m = await machine({});
    const { url } = await m.auth.signIn({ server: stack.server.url });
    const redirect = new URL(url).searchParams.get('redirect_uri')!;
    const ended = m.nextEvent((s) => !s.signingIn);
    await m.auth.cancelSignIn({});
    expect((await ended).reason).toBeUndefined();
    await expect(fetch(redirect)).rejects.toThrow();
  });

  it('keeps a session alive through workbench requests and ends it after the idle timeout, with a reason', async () => {
    const m = await machine({ IdleTimeout: 10 });
    stack.idp.next = { accountId: 'alice', amr: ['mfa'] };
    expect((await signIn(m)).signedIn).toBe(true);
    const session = (await stored(m))!;
    m.advance(6 * MIN);
    // A request to the workspace is activity; a status request is not.
    await m.workspace.getRoots({});
    expect((await m.auth.status({})).signedIn).toBe(true);
    m.advance(6 * MIN);
    expect((await m.auth.status({})).signedIn).toBe(true);
    m.advance(5 * MIN);
    const ended = m.nextEvent((s) => !s.signedIn);
    const status = await m.auth.status({});
    expect(status).toMatchObject({ signedIn: false, reason: { code: 'session-expired', message: expect.stringMatching(/idle for longer than the 10 minutes policy "IdleTimeout" allows/) } });
    expect(status.reason!.message).not.toMatch(/marie login/);
    expect((await ended).reason?.code).toBe('session-expired');
    expect(await stored(m)).toBeNull();
    expect(await refreshError(stack.server.url, session.refreshToken)).toBe('invalid_grant');
  });

  it('ends the session when its maximum age passes, on its own timer, and fires the event', async () => {
    const m = await machine({ SessionMaxAge: 5 });
    stack.idp.next = { accountId: 'alice', amr: ['mfa'] };
    const status = await signIn(m);
    expect(status.sessionEndsAt! - Date.now()).toBeGreaterThan(4 * MIN);
    // 1.5 s before the deadline; a status read re-arms the timer on the moved clock. No request after that.
    m.advance(5 * MIN - 1500);
    expect((await m.auth.status({})).signedIn).toBe(true);
    const ended = await m.nextEvent((s) => !s.signedIn, 8_000);
    expect(ended.reason).toMatchObject({ code: 'session-expired', message: expect.stringMatching(/older than the 5 minutes policy "SessionMaxAge" allows/) });
    expect(await stored(m)).toBeNull();
  });
});
