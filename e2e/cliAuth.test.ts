import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines, type TestDatabase } from '../apps/server/src/node/db/testDatabases.js';
import { startStack, type Stack } from '../apps/server/src/node/testing/stack.js';
import { AUTH_SECRET_SERVICE, KeychainSecretStore, sessionAccount } from '../packages/enterprise-agent/src/node/index.js';
import { parseStoredSession } from '../packages/enterprise-agent/src/common/index.js';
import { gateOnSecretService, secretServiceAbsence } from '../packages/enterprise-agent/src/node/testSupport/secretService.js';
import { completeInBrowser, freshPage, marie, newMachine, run, type CliMachine } from './cliAuthHarness.js';
import { launchChromium } from './support/chromium.js';

const keychain = new KeychainSecretStore({ timeoutMs: 10_000 });
const stored = async (m: CliMachine) => parseStoredSession(await keychain.get(AUTH_SECRET_SERVICE, sessionAccount(m.dataDir)));

/** Whether the broker still honours a refresh token (without spending it when it is dead). */
async function refreshStatus(issuer: string, clientId: string, refreshToken: string): Promise<{ status: number; error?: string }> {
  const res = await fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId }) });
  return { status: res.status, error: ((await res.json()) as { error?: string }).error };
}

const absent = await secretServiceAbsence();

describe.each(testEngines)('marie login / whoami / logout against the broker on %s', (_engine, createDb) => {
  if (!gateOnSecretService(absent, it)) return;
  let tdb: TestDatabase;
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    tdb = await createDb();
    stack = await startStack(tdb.target);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    // pg-pool's end() resolves before its clients finish closing; a forced drop would kill them mid-close.
    await new Promise((r) => setTimeout(r, 250));
    await tdb?.drop();
  });

  /** `marie login` through the loopback redirect, with Chromium as the system browser. */
  async function browserLogin(m: CliMachine, options: { forgeFirst?: boolean } = {}) {
    const cli = marie(m, ['login', '--server', stack.server.url]);
    const [, url] = await cli.waitFor(/Open this URL in your browser to sign in:\n\s+(\S+)/);
    const { page, close } = await freshPage(browser);
    try {
      if (options.forgeFirst) {
        // Another page that found the port sends a response of its own first: refused, and the sign-in goes on.
        const forged = await page.goto(`${new URL(url!).searchParams.get('redirect_uri')}?code=stolen&state=forged`);
        expect(forged!.status()).toBe(400);
        expect(await page.locator('body').textContent()).toMatch(/state mismatch/);
      }
      await completeInBrowser(page, url!, /Signed in|Sign-in failed|refused/);
      const callbackUrl = page.url();
      return { result: await cli.done, callbackUrl, page, close };
    } catch (e) {
      await close();
      cli.child.kill();
      throw e;
    }
  }

  /** A machine with `policy`, signed in as alice (MFA) through the browser flow. */
  async function signedIn(policy?: Record<string, unknown>): Promise<CliMachine> {
    stack.idp.next = { accountId: 'alice', amr: ['mfa'] };
    const m = newMachine();
    if (policy) m.setPolicy(policy);
    const { result, close } = await browserLogin(m);
    await close();
    expect(result.code, result.err).toBe(0);
    return m;
  }

  it('signs in through the system browser, shows whoami, keeps the tokens in the keychain, and logout revokes', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
    const m = newMachine();
    const { result, callbackUrl, page, close } = await browserLogin(m, { forgeFirst: true });
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/Signed in to .* as alice@acme\.test/);
    expect(new URL(callbackUrl).hostname).toBe('127.0.0.1');
    // The listener answered once and is gone: the same callback again finds nobody.
    await expect(page.goto(callbackUrl)).rejects.toThrow(/ERR_CONNECTION_REFUSED/);
    await close();
    // No token in what the CLI printed.
    const session = (await stored(m))!;
    expect(session).toMatchObject({ clientId: 'marie-desktop', issuer: stack.server.url, profile: { org: 'acme', email: 'alice@acme.test', mfa: true } });
    for (const token of [session.refreshToken, session.accessToken]) expect(result.out + result.err).not.toContain(token);

    const who = await run(m, ['whoami', '--json']);
    expect(who.code, who.err).toBe(0);
    const j = JSON.parse(who.out);
    expect(j).toMatchObject({ server: stack.server.url, subject: session.profile.sub, email: 'alice@acme.test', org: 'acme', mfa: true, sessionExpiresAt: null, secretStore: { kind: 'os-keychain', weaker: false } });
    expect(Date.parse(j.accessTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect((await run(m, ['whoami'])).out).toMatch(/organisation:\s+acme[\s\S]*secret store:\s+OS keychain \(Secret Service\)/);

    const out = await run(m, ['logout']);
    expect(out.code, out.err).toBe(0);
    expect(out.out).toMatch(/revoked at the server/);
    expect(await keychain.get(AUTH_SECRET_SERVICE, sessionAccount(m.dataDir))).toBeNull();
    expect(await refreshStatus(stack.server.url, 'marie-desktop', session.refreshToken)).toEqual({ status: 400, error: 'invalid_grant' });
    const after = await run(m, ['whoami']);
    expect(after.code).toBe(3);
    expect(after.err).toMatch(/not signed in/);
    expect((await run(m, ['logout'])).out).toMatch(/Not signed in/);
  });

  it('signs in with the device flow, completed by a second browser page', async () => {
    stack.idp.next = { accountId: 'bob', amr: ['pwd', 'hwk'] };
    const m = newMachine();
    const cli = marie(m, ['login', '--device', '--server', stack.server.url]);
    const [, code] = await cli.waitFor(/enter the code:\s+([A-Z]{4}-[A-Z]{4})/);
    const [, complete] = await cli.waitFor(/Or open (\S+)/);
    expect(complete).toContain(code);
    const { page, close } = await freshPage(browser);
    await completeInBrowser(page, complete!, /Device signed in/);
    await close();
    const r = await cli.done;
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/as bob@acme\.test/);
    const j = JSON.parse((await run(m, ['whoami', '--json'])).out);
    expect(j).toMatchObject({ clientId: 'marie-cli', email: 'bob@acme.test', org: 'acme' });
    expect((await run(m, ['logout'])).code).toBe(0);
  }, 60_000);

  it('refuses a sign-in the broker refuses (MFA), with its reason and exit code 4', async () => {
    stack.idp.next = { accountId: 'bob', amr: ['pwd'] };
    const m = newMachine();
    const { result, close } = await browserLogin(m);
    await close();
    expect(result.code).toBe(4);
    expect(result.err).toMatch(/refused: .*multi-factor authentication is required/);
    expect(await stored(m)).toBeNull();
  });

  it('ends the session when it passes the policy maximum age: revoked at the broker, removed here', async () => {
    const m = await signedIn({ SessionMaxAge: 5 });
    const j = JSON.parse((await run(m, ['whoami', '--json'])).out);
    expect(Date.parse(j.sessionExpiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
    // Six minutes later, as far as the stored session can tell.
    const session = (await stored(m))!;
    await keychain.set(AUTH_SECRET_SERVICE, sessionAccount(m.dataDir), JSON.stringify({ ...session, signedInAt: Date.now() - 6 * 60_000 }));
    const who = await run(m, ['whoami']);
    expect(who.code).toBe(3);
    expect(who.err).toMatch(/older than the 5 minutes policy "SessionMaxAge" allows; sign in again/);
    expect(await stored(m)).toBeNull();
    expect(await refreshStatus(stack.server.url, 'marie-desktop', session.refreshToken)).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('ends the session after the policy idle timeout', async () => {
    const m = await signedIn({ IdleTimeout: 10 });
    const session = (await stored(m))!;
    await keychain.set(AUTH_SECRET_SERVICE, sessionAccount(m.dataDir), JSON.stringify({ ...session, lastUsedAt: Date.now() - 11 * 60_000 }));
    const who = await run(m, ['whoami']);
    expect(who.code).toBe(3);
    expect(who.err).toMatch(/idle for longer than the 10 minutes policy "IdleTimeout" allows/);
  });

  it('refuses an organisation other than the allowed one, at sign-in and for a session already held', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['mfa'] };
    const m = newMachine();
    m.setPolicy({ AllowedOrganizationId: 'globex' });
    // The broker is told which organisation may sign in, and refuses the others.
    const refused = await browserLogin(m);
    await refused.close();
    expect(refused.result.code).toBe(4);
    expect(refused.result.err).toMatch(/refused: no organisation globex/);
    expect(await stored(m)).toBeNull();

    // A session from acme, then the policy changes: our own check ends it.
    m.setPolicy({ AllowedOrganizationId: 'acme' });
    const ok = await browserLogin(m);
    await ok.close();
    expect(ok.result.code, ok.result.err).toBe(0);
    const session = (await stored(m))!;
    m.setPolicy({ AllowedOrganizationId: 'globex' });
    const who = await run(m, ['whoami']);
    expect(who.code).toBe(4);
    expect(who.err).toMatch(/belongs to the organisation "acme", but policy "AllowedOrganizationId" allows only "globex"/);
    expect(await stored(m)).toBeNull();
    expect((await refreshStatus(stack.server.url, 'marie-desktop', session.refreshToken)).error).toBe('invalid_grant');
  });

  it('refreshes an expired access token with rotation, and a session ended at the server is removed here', async () => {
    const m = await signedIn();
    const s0 = (await stored(m))!;
    await keychain.set(AUTH_SECRET_SERVICE, sessionAccount(m.dataDir), JSON.stringify({ ...s0, accessTokenExpiresAt: Date.now() - 1000 }));
    expect((await run(m, ['whoami'])).code).toBe(0);
    const s1 = (await stored(m))!;
    expect(s1.refreshToken).not.toBe(s0.refreshToken);
    expect(s1.accessToken).not.toBe(s0.accessToken);
    // The rotated-out token is dead; presenting it (as a thief would) revokes the family...
    expect((await refreshStatus(stack.server.url, 'marie-desktop', s0.refreshToken)).error).toBe('invalid_grant');
    // ...so the CLI's next use finds the session ended and says so.
    const who = await run(m, ['whoami']);
    expect(who.code).toBe(3);
    expect(who.err).toMatch(/the server ended this session/);
    expect(await stored(m)).toBeNull();
  });

  it('without a keychain: refuses by default, and with SecretStoreFallbackAllowed names the weaker store', async () => {
    const m = newMachine();
    m.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${m.dataDir}/no-such-bus`;
    const refused = await run(m, ['login', '--server', stack.server.url]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/No OS keychain is available .* policy "SecretStoreFallbackAllowed" forbids the weaker store/);
    m.setPolicy({ SecretStoreFallbackAllowed: true });
    stack.idp.next = { accountId: 'alice', amr: ['mfa'] };
    const { result, close } = await browserLogin(m);
    await close();
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/secret store:\s+WEAKER STORE: weaker file store/);
    const j = JSON.parse((await run(m, ['whoami', '--json'])).out);
    expect(j.secretStore).toMatchObject({ kind: 'weaker-file', weaker: true });
    expect((await run(m, ['logout'])).code).toBe(0);
  });

  it('refuses a plain-http server that is not on this machine, and explains usage errors', async () => {
    const m = newMachine();
    const r = await run(m, ['login', '--server', 'http://marie.example.com']);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/not https/);
    expect((await run(m, ['login'])).err).toMatch(/no server to sign in to: pass --server URL/);
    expect((await run(m, ['whoami', 'extra'])).code).toBe(2);
  });
});
