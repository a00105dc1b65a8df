import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACR_MFA } from '../apps/server/src/node/broker/mfa.js';
import { testEngines, type TestDatabase } from '../apps/server/src/node/db/testDatabases.js';
import { consoleAuthorization, consoleClient, consoleExchange, consoleRedirectUri, verifyBrokerJwt } from '../apps/server/src/node/testing/consoleClient.js';
import { startStack, type Stack } from '../apps/server/src/node/testing/stack.js';
import { freshPage } from './cliAuthHarness.js';
import { launchChromium } from './support/chromium.js';

/**
 * Records every navigation to the console's callback. The console has no pages of its own
 * yet (the server answers 404 there), so the test reads the code from the request itself,
 * as the console page would from its own URL.
 */
function captureCallbacks(page: Page, redirectUri: string): URL[] {
  const seen: URL[] = [];
  page.on('request', (req) => {
    if (req.isNavigationRequest() && req.url().startsWith(`${redirectUri}?`)) seen.push(new URL(req.url()));
  });
  return seen;
}

/** Follows the sign-in in Chromium, pressing Continue where the broker asks, until the callback. */
async function signInAt(page: Page, url: URL, seen: URL[]): Promise<URL> {
  await page.goto(url.href);
  for (let i = 0; i < 6 && seen.length === 0; i++) {
    const next = page.locator('button[type=submit]:not([name=abort])').first();
    if ((await next.count()) === 0) throw new Error(`sign-in stopped at ${page.url()}: ${(await page.locator('body').textContent())?.slice(0, 400)}`);
    await Promise.all([page.waitForLoadState('load'), next.click()]);
    await page.waitForLoadState('load');
  }
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

describe.each(testEngines)('console sign-in in Chromium on %s', (_engine, createDb) => {
  let tdb: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let config: Awaited<ReturnType<typeof consoleClient>>;

  beforeAll(async () => {
    tdb = await createDb();
    stack = await startStack(tdb.target);
    browser = await launchChromium();
    config = await consoleClient(stack.server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    // pg-pool's end() resolves before its clients finish closing; a forced drop would kill them mid-close.
    await new Promise((r) => setTimeout(r, 250));
    await tdb?.drop();
  });

  it('signs in through the company IdP, returns to the registered callback, and issues MFA-bearing tokens', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
    const issuer = stack.server.url;
    const { page, close } = await freshPage(browser);
    try {
      const seen = captureCallbacks(page, consoleRedirectUri(issuer));
      const origins = new Set<string>();
      page.on('request', (req) => void (req.isNavigationRequest() && origins.add(new URL(req.url()).origin)));
      const auth = await consoleAuthorization(config);
      const callback = await signInAt(page, auth.url, seen);
      // Federated: the browser really went through the company IdP's own pages.
      expect(origins).toContain(new URL(stack.idp.issuer).origin);
      expect(`${callback.origin}${callback.pathname}`).toBe(consoleRedirectUri(issuer));
      expect(callback.searchParams.get('error'), callback.searchParams.get('error_description') ?? '').toBeNull();
      expect(callback.searchParams.get('iss')).toBe(issuer);

      const tokens = await consoleExchange(config, auth, callback);
      const id = await verifyBrokerJwt(config, tokens.id_token!, 'marie-console');
      expect(id).toMatchObject({ iss: issuer, aud: 'marie-console', nonce: auth.nonce, acr: ACR_MFA, amr: ['pwd', 'otp'] });
      expect(typeof id.auth_time).toBe('number');
      const at = await verifyBrokerJwt(config, tokens.access_token, `${issuer}/api`);
      expect(at).toMatchObject({ iss: issuer, client_id: 'marie-console', org: 'acme', acr: ACR_MFA });
      const me = await fetch(`${issuer}/api/v1/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(await me.json()).toMatchObject({ org: 'acme', email: 'alice@acme.test', mfa: true });

      // The code is single-use: the same callback cannot be exchanged twice.
      await expect(consoleExchange(config, auth, callback)).rejects.toMatchObject({ error: 'invalid_grant' });
    } finally {
      await close();
    }
  });

  it('returns a password-only sign-in to the console as access_denied, saying why', async () => {
    stack.idp.next = { accountId: 'bob', amr: ['pwd'] };
    const { page, close } = await freshPage(browser);
    try {
      const seen = captureCallbacks(page, consoleRedirectUri(stack.server.url));
      const callback = await signInAt(page, (await consoleAuthorization(config)).url, seen);
      expect(callback.searchParams.get('code')).toBeNull();
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('error_description')).toMatch(/multi-factor authentication is required/);
    } finally {
      await close();
    }
  });

  it('refuses a redirect URI other than the registered one, before any sign-in', async () => {
    const issuer = stack.server.url;
    for (const redirect of [`${issuer}/console/other`, `http://localhost:${new URL(issuer).port}/console/callback`, 'http://evil.example/console/callback']) {
      const { page, close } = await freshPage(browser);
      try {
        const seen = captureCallbacks(page, redirect);
        const auth = await consoleAuthorization(config, redirect);
        const res = await page.goto(auth.url.href);
        expect(res!.status(), redirect).toBe(400);
        expect(await page.locator('body').textContent()).toMatch(/invalid_redirect_uri/);
        // Refused at the broker: the browser never left it for the company IdP or the bad URI.
        expect(new URL(page.url()).origin).toBe(issuer);
        expect(seen).toHaveLength(0);
      } finally {
        await close();
      }
    }
  });
});
