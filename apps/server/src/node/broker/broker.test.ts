import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { desktopAuthorize, desktopClient, desktopSignIn, startStack } from '../testing/stack.js';
import type { Stack } from '../testing/stack.js';
import { ACR_MFA } from './mfa.js';

describe.each(testEngines)('identity broker on %s', (_name, create) => {
  let tdb: TestDatabase;
  let stack: Stack;
  let desktop: oidc.Configuration;
  beforeAll(async () => {
    tdb = await create();
    stack = await startStack(tdb.target);
    desktop = await desktopClient(stack.server.url);
  });
  afterAll(async () => {
    await stack?.close();
    await tdb?.drop();
  });

  it('serves discovery with S256-only PKCE and the code flow only', async () => {
    const d = (await (await fetch(`${stack.server.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(d.issuer).toBe(stack.server.url);
    expect(d.code_challenge_methods_supported).toEqual(['S256']);
    expect(d.response_types_supported).toEqual(['code', 'none']);
    expect(d.device_authorization_endpoint).toBe(`${stack.server.url}/device/auth`);
  });

  it('signs a user with a second factor in through the company IdP and creates the account', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
    const tokens = await desktopSignIn(desktop);
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(stack.server.url);
    expect(claims.acr).toBe(ACR_MFA);
    expect(claims.amr).toEqual(['pwd', 'otp']);
    const at = decodeJwt(tokens.access_token);
    expect(at).toMatchObject({ aud: `${stack.server.url}/api`, org: 'acme', acr: ACR_MFA, client_id: 'marie-desktop' });
    expect(tokens.refresh_token).toBeTruthy();
    const me = await fetch(`${stack.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await me.json()).toMatchObject({ org: 'acme', email: 'alice@acme.test', groups: ['dev'], mfa: true });
    const stepUp = await fetch(`${stack.server.url}/api/v1/session/step-up`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(stepUp.status).toBe(200);
  });

  it('refuses a password-only sign-in when MFA is required, and says why', async () => {
    stack.idp.next = { accountId: 'bob', amr: ['pwd'] };
    const s = await desktopAuthorize(desktop);
    expect(s.callback.searchParams.get('error')).toBe('access_denied');
    expect(s.callback.searchParams.get('error_description')).toMatch(/multi-factor authentication is required.*amr \[pwd\]/);
    expect(await stack.server.services.users.findByEmail(stack.org.id, 'bob@acme.test')).toBeUndefined();
  });

  it('refuses a stale upstream auth_time', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['pwd', 'hwk'], authTime: Math.floor(Date.now() / 1000) - 13 * 3600 };
    const s = await desktopAuthorize(desktop);
    expect(s.callback.searchParams.get('error_description')).toMatch(/s old; at most 43200s/);
  });

  it('accepts an allowed acr in place of amr', async () => {
    await stack.server.services.orgs.update('acme', { mfaAcrValues: ['urn:acme:loa:3'] });
    stack.idp.next = { accountId: 'bob', amr: ['pwd'], acr: 'urn:acme:loa:3' };
    const tokens = await desktopSignIn(desktop);
    expect(tokens.claims()!.acr).toBe(ACR_MFA);
    await stack.server.services.orgs.update('acme', { mfaAcrValues: [] });
  });

  it('accepts the loopback redirect on any port but refuses another path or host', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['mfa'] };
    const s = await desktopAuthorize(desktop, 61001);
    expect(s.callback.port).toBe('61001');
    expect(s.callback.searchParams.get('code')).toBeTruthy();
    for (const redirect of ['http://127.0.0.1:61001/other', 'http://localhost:61001/callback', 'http://evil.example/callback']) {
      const url = oidc.buildAuthorizationUrl(desktop, { redirect_uri: redirect, scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/invalid_redirect_uri/);
    }
  });

  it('refuses a missing or plain PKCE challenge', async () => {
    const base = { redirect_uri: 'http://127.0.0.1:5000/callback', scope: 'openid', state: 's' };
    const missing = await fetch(oidc.buildAuthorizationUrl(desktop, base), { redirect: 'manual' });
    const missingTo = new URL(missing.headers.get('location')!);
    expect(missingTo.searchParams.get('error')).toBe('invalid_request');
    expect(missingTo.searchParams.get('error_description')).toMatch(/PKCE/);
    const plain = await fetch(oidc.buildAuthorizationUrl(desktop, { ...base, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }), { redirect: 'manual' });
    const plainTo = new URL(plain.headers.get('location')!);
    expect(plainTo.searchParams.get('error')).toBe('invalid_request');
    expect(plainTo.searchParams.get('error_description')).toMatch(/code_challenge_method/);
  });

  it('refuses a replayed authorization code and revokes what it issued', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['mfa'] };
    const s = await desktopAuthorize(desktop);
    const first = await oidc.authorizationCodeGrant(desktop, s.callback, { pkceCodeVerifier: s.verifier, expectedState: s.state, expectedNonce: s.nonce });
    await expect(oidc.authorizationCodeGrant(desktop, s.callback, { pkceCodeVerifier: s.verifier, expectedState: s.state, expectedNonce: s.nonce })).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.refreshTokenGrant(desktop, first.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const me = await fetch(`${stack.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${first.access_token}` } });
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ message: expect.stringMatching(/revoked/) });
  });

  it('rotates refresh tokens and revokes the family when a rotated one is reused', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['mfa'] };
    const t0 = await desktopSignIn(desktop);
    const t1 = await oidc.refreshTokenGrant(desktop, t0.refresh_token!);
    expect(t1.refresh_token).not.toBe(t0.refresh_token);
    expect(decodeJwt(t1.access_token)).toMatchObject({ acr: ACR_MFA, org: 'acme' });
    await expect(oidc.refreshTokenGrant(desktop, t0.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.refreshTokenGrant(desktop, t1.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await fetch(`${stack.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${t1.access_token}` } })).status).toBe(401);
  });

  it('ends the session at the API when the client revokes its refresh token (logout)', async () => {
    stack.idp.next = { accountId: 'alice', amr: ['mfa'] };
    const t = await desktopSignIn(desktop);
    await oidc.tokenRevocation(desktop, t.refresh_token!);
    expect((await fetch(`${stack.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${t.access_token}` } })).status).toBe(401);
    await expect(oidc.refreshTokenGrant(desktop, t.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an unknown or missing upstream state with a clear page', async () => {
    const bogus = await fetch(`${stack.server.url}/upstream/oidc/callback?code=abc&state=forged`);
    expect(bogus.status).toBe(400);
    expect(await bogus.text()).toMatch(/unknown, expired or already used state/);
    expect(bogus.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    const missing = await fetch(`${stack.server.url}/upstream/oidc/callback?code=abc`);
    expect(await missing.text()).toMatch(/returned no state/);
  });

  it('refuses API calls without a valid token', async () => {
    expect((await fetch(`${stack.server.url}/api/v1/me`)).status).toBe(401);
    const forged = await fetch(`${stack.server.url}/api/v1/me`, { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' } });
    expect(forged.status).toBe(401);
  });
});
