import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTestDatabase } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { desktopClient, desktopSignIn, startStack } from '../testing/stack.js';
import type { Stack } from '../testing/stack.js';

describe('API re-checks of tokens', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    stack = await startStack(tdb.target, { mfaMaxAuthAgeSeconds: 3600 });
  });
  afterAll(async () => {
    await stack?.close();
    await tdb?.drop();
  });

  const call = (path: string, token: string) => fetch(`${stack.server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('refuses a sensitive route once the MFA sign-in is older than the org now allows', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'], authTime: Math.floor(Date.now() / 1000) - 1800 };
    const { access_token } = await desktopSignIn(await desktopClient(stack.server.url));
    expect((await call('/api/v1/session/step-up', access_token)).status).toBe(200);
    await stack.server.services.orgs.update('acme', { mfaMaxAuthAgeSeconds: 600 });
    const refused = await call('/api/v1/session/step-up', access_token);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'E_PERMISSION_DENIED', message: expect.stringMatching(/within 600s; sign in again/) });
    expect((await call('/api/v1/me', access_token)).status).toBe(200);
  });

  it('refuses a disabled user and a token for another audience', async () => {
    await stack.server.services.orgs.update('acme', { mfaMaxAuthAgeSeconds: 3600 });
    stack.idp.next = { accountId: 'bob', amr: ['mfa'] };
    const tokens = await desktopSignIn(await desktopClient(stack.server.url));
    expect((await call('/api/v1/me', tokens.access_token)).status).toBe(200);
    // An ID token is signed by the same key but is not an access token for the API.
    const idTokenUse = await call('/api/v1/me', tokens.id_token!);
    expect(idTokenUse.status).toBe(401);
    const bob = await stack.server.services.users.findByEmail(stack.org.id, 'bob@acme.test');
    await stack.server.services.users.update(bob!.id, { disabled: true });
    const r = await call('/api/v1/me', tokens.access_token);
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ message: expect.stringMatching(/disabled/) });
  });
});
