import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { hiddenInputs, TestBrowser } from '../testing/browser.js';
import { startStack } from '../testing/stack.js';
import type { Stack } from '../testing/stack.js';
import { ACR_MFA } from './mfa.js';

/** Completes a device sign-in in a "second browser", as a user with a phone would. */
async function approveInBrowser(issuer: string, da: oidc.DeviceAuthorizationResponse): Promise<string> {
  const browser = new TestBrowser();
  let end = await browser.go(da.verification_uri_complete!);
  // The code page, then the confirmation page: each is a form the user submits.
  for (let i = 0; i < 2 && /op\.device(Input|Confirm)Form/.test(end.body ?? ''); i++) {
    end = await browser.go(`${issuer}/device`, { method: 'POST', form: hiddenInputs(end.body!) });
  }
  const confirm = end.body?.match(/<form method="post" action="([^"]+\/confirm)">/);
  if (confirm) end = await browser.go(new URL(confirm[1]!, end.url), { method: 'POST', form: {} });
  return end.body ?? '';
}

describe.each(testEngines)('device authorization grant on %s', (_name, create) => {
  let tdb: TestDatabase;
  let stack: Stack;
  let cli: oidc.Configuration;
  beforeAll(async () => {
    tdb = await create();
    stack = await startStack(tdb.target);
    cli = await oidc.discovery(new URL(stack.server.url), 'marie-cli', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  });
  afterAll(async () => {
    await stack?.close();
    await tdb?.drop();
  });

  it('signs the CLI in once a browser approves the user code', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
    const da = await oidc.initiateDeviceAuthorization(cli, { scope: 'openid email offline_access api' });
    expect(da.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(await approveInBrowser(stack.server.url, da)).toMatch(/Device signed in/);
    const tokens = await oidc.pollDeviceAuthorizationGrant(cli, da);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ client_id: 'marie-cli', org: 'acme', acr: ACR_MFA });
    expect(tokens.refresh_token).toBeTruthy();
  });

  it('tells the polling CLI why a weak sign-in was refused', async () => {
    stack.idp.next = { accountId: 'bob', amr: ['pwd'] };
    const da = await oidc.initiateDeviceAuthorization(cli, { scope: 'openid api' });
    await approveInBrowser(stack.server.url, da);
    await expect(oidc.pollDeviceAuthorizationGrant(cli, da)).rejects.toMatchObject({ error: 'access_denied', error_description: expect.stringMatching(/multi-factor/) });
  });
});
