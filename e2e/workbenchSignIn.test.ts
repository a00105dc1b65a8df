// Sign-in in the real product: `marie serve` with RequireSignIn from a managed policy folder
// (MARIE_POLICY_ROOT), the workbench in Chromium, the real server stack and company IdP, the
// real Secret Service. Locked → Sign in → the IdP's page in a new tab → unlocked with the email
// shown → Sign out (revoked) → locked again, with the unsaved edit still there.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTestDatabase, type TestDatabase } from '../apps/server/src/node/db/testDatabases.js';
import { startStack, type Stack } from '../apps/server/src/node/testing/stack.js';
import { parseStoredSession } from '../packages/enterprise-agent/src/common/index.js';
import { AUTH_SECRET_SERVICE, KeychainSecretStore, sessionAccount } from '../packages/enterprise-agent/src/node/index.js';
import { gateOnSecretService, secretServiceAbsence } from '../packages/enterprise-agent/src/node/testSupport/secretService.js';
import { completeInBrowser } from './cliAuthHarness.js';
import { launchChromium } from './support/chromium.js';
import { repoRoot, serveFolder, type ServedWorkbench } from './support/serveProcess.js';

const absent = await secretServiceAbsence();
const keychain = new KeychainSecretStore({ timeoutMs: 10_000 });

describe('sign-in in the workbench (marie serve, Chromium)', () => {
  if (!gateOnSecretService(absent, it)) return;
  let tdb: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let served: ServedWorkbench;
  let base: string;
  let userDir: string;

  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    stack = await startStack(tdb.target);
    browser = await launchChromium();
    base = realpathSync(mkdtempSync(join(tmpdir(), 'marie-e2e-signin-')));
    userDir = join(base, 'user');
    for (const d of [join(base, 'policies', 'managed'), join(base, 'project'), userDir]) mkdirSync(d, { recursive: true });
    writeFileSync(join(base, 'project', 'notes.txt'), 'hello\n');
    writeFileSync(join(base, 'policies', 'managed', '10-auth.json'), JSON.stringify({ RequireSignIn: true }));
    served = await serveFolder(join(base, 'project'), [], { MARIE_POLICY_ROOT: join(base, 'policies'), MARIE_USER_DATA_DIR: userDir });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await stack?.close();
    await tdb?.drop();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const lockScreen = (page: Page) => page.getByRole('dialog', { name: 'Sign in to continue' });
  const explorer = (page: Page) => page.getByRole('tree', { name: 'Explorer' });

  /** Sign in from the lock screen; Chromium's new tab plays the system browser. */
  async function signInFromLockScreen(page: Page, account: string, viaIdp = true): Promise<void> {
    stack.idp.next = { accountId: account, amr: ['pwd', 'otp'] };
    await followInTab(page, () => lockScreen(page).getByRole('button', { name: 'Sign in' }).click(), /Signed in/, viaIdp);
  }

  /**
   * Clicks what opens the sign-in tab, then follows the sign-in there, through the broker and
   * the company IdP's login. Navigations are watched on the whole context from before the
   * click: a listener on the tab itself came too late when the redirects outran the test.
   */
  async function followInTab(page: Page, open: () => Promise<void>, done: RegExp, viaIdp = true): Promise<void> {
    const origins = new Set<string>();
    // The test IdP answers at once (the test chose the user): its page is a step of the redirect chain.
    const onRequest = (r: Request) => void (r.isNavigationRequest() && r.frame().page() !== page && origins.add(new URL(r.url()).origin));
    page.context().on('request', onRequest);
    try {
      const opened = page.context().waitForEvent('page');
      await open();
      const tab = await opened;
      await tab.waitForURL((u) => u.href !== 'about:blank', { timeout: 15_000 });
      expect(await tab.evaluate(() => window.opener)).toBeNull();
      await completeInBrowser(tab, undefined, done);
      if (viaIdp) expect([...origins]).toContain(new URL(stack.idp.issuer).origin);
      await tab.close();
    } finally {
      page.context().off('request', onRequest);
    }
  }

  it('stays locked until signed in, shows the account, and locks again on sign-out', async () => {
    const page = await browser.newPage();
    await page.goto(served.url);
    await lockScreen(page).waitFor();
    // Locked: the explorer is inert and hidden from assistive technology, nothing behind is usable.
    expect(await page.locator('.app-lockable').getAttribute('inert')).not.toBeNull();
    expect(await explorer(page).count()).toBe(0);
    await lockScreen(page).getByLabel('Server').fill(stack.server.url);
    await signInFromLockScreen(page, 'alice');

    await lockScreen(page).waitFor({ state: 'detached' });
    const account = page.getByTestId('status-account');
    await expect.poll(() => account.textContent()).toBe('alice@acme.test (acme)');
    await explorer(page).getByRole('treeitem', { name: 'notes.txt' }).dblclick();
    const text = page.locator('.monaco-editor .view-lines').first();
    await expect.poll(() => text.textContent()).toContain('hello');
    await text.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('unsaved ');
    await expect.poll(() => page.getByRole('tab', { name: /notes\.txt/ }).getAttribute('data-dirty')).toBe('true');
    await page.screenshot({ path: join(repoRoot, 'artifacts', 'workbench-signed-in.png') });

    const session = parseStoredSession(await keychain.get(AUTH_SECRET_SERVICE, sessionAccount(userDir)))!;
    expect(session.profile.email).toBe('alice@acme.test');
    await account.click();
    const menu = page.getByRole('menu', { name: 'Account' });
    await expect.poll(() => menu.textContent()).toMatch(/Organisation: acme.*OS keychain/);
    await menu.getByRole('menuitem', { name: 'Sign out' }).click();

    await lockScreen(page).waitFor();
    expect(await keychain.get(AUTH_SECRET_SERVICE, sessionAccount(userDir))).toBeNull();
    const res = await fetch(`${stack.server.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken, client_id: 'marie-desktop' }) });
    expect(((await res.json()) as { error?: string }).error).toBe('invalid_grant');
    await page.screenshot({ path: join(repoRoot, 'artifacts', 'workbench-locked.png') });

    // The host remembered the server; signing in again finds the edit made before the lock, unsaved.
    expect(await lockScreen(page).getByLabel('Server').inputValue()).toBe(stack.server.url);
    // The broker's own browser session still knows alice: single sign-on, no second trip to the IdP.
    await signInFromLockScreen(page, 'alice', false);
    await lockScreen(page).waitFor({ state: 'detached' });
    // Monaco renders spaces as no-break spaces.
    await expect.poll(async () => (await text.textContent())?.replace(/\u00a0/g, ' ')).toContain('unsaved hello');
    expect(await page.getByRole('tab', { name: /notes\.txt/ }).getAttribute('data-dirty')).toBe('true');
    await account.click();
    await page.getByRole('menu', { name: 'Account' }).getByRole('menuitem', { name: 'Sign out' }).click();
    await lockScreen(page).waitFor();
    await page.close();
  });

  it('shows why a sign-in was refused (no second factor) on the lock screen', async () => {
    const page = await browser.newPage();
    await page.goto(served.url);
    await lockScreen(page).waitFor();
    stack.idp.next = { accountId: 'bob', amr: ['pwd'] };
    await followInTab(page, () => lockScreen(page).getByRole('button', { name: 'Sign in' }).click(), /Sign-in failed|refused/);
    await expect.poll(() => lockScreen(page).getByRole('alert').textContent()).toMatch(/multi-factor authentication is required/);
    await page.close();
  });
});
