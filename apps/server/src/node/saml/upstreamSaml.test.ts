import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { TestBrowser } from '../testing/browser.js';
import { createSamlTestIdp } from '../testing/samlIdp.js';
import type { AssertionOptions, SamlTestIdp } from '../testing/samlIdp.js';
import { desktopClient, startStack } from '../testing/stack.js';
import type { Stack } from '../testing/stack.js';

const MFA_ACR = 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract';

describe.each(testEngines)('upstream SAML on %s', (_name, create) => {
  let tdb: TestDatabase;
  let stack: Stack;
  let idp: SamlTestIdp;
  let desktop: oidc.Configuration;
  beforeAll(async () => {
    tdb = await create();
    stack = await startStack(tdb.target);
    const s = stack.server.services;
    idp = createSamlTestIdp(`${stack.server.url}/saml/sp`, `${stack.server.url}/upstream/saml/acs`);
    const org = await s.orgs.create({ slug: 'globex', name: 'Globex', mfaRequired: true, mfaAcrValues: [MFA_ACR] });
    await s.idps.addSaml({ orgId: org.id, name: 'adfs', metadata: idp.metadata, entityId: idp.entityId });
    desktop = await desktopClient(stack.server.url);
  });
  afterAll(async () => {
    await stack?.close();
    await tdb?.drop();
  });

  /** Browser → broker → (SAML IdP, played here) → ACS → back to the desktop's loopback. */
  async function signIn(answer: (requestId: string) => string): Promise<{ callback?: URL; page?: string }> {
    const isCallback = (u: URL) => u.hostname === '127.0.0.1' && u.pathname === '/callback';
    const browser = new TestBrowser((u) => isCallback(u) || u.hostname === 'saml-idp.test');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(desktop, {
      redirect_uri: 'http://127.0.0.1:53124/callback',
      scope: 'openid email api',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      org: 'globex',
    });
    const atIdp = await browser.go(url);
    expect(atIdp.url.href.startsWith(idp.ssoUrl)).toBe(true);
    const form = { SAMLResponse: answer(idp.requestIdFrom(atIdp.url)), RelayState: atIdp.url.searchParams.get('RelayState')! };
    let end = await browser.go(`${stack.server.url}/upstream/saml/acs`, { method: 'POST', form });
    const confirm = end.body?.match(/<form method="post" action="([^"]+\/confirm)">/);
    if (confirm) end = await browser.go(new URL(confirm[1]!, end.url), { method: 'POST', form: {} });
    return isCallback(end.url) ? { callback: end.url } : { page: end.body };
  }

  const refusal = async (o: Omit<AssertionOptions, 'requestId'>) => {
    const r = await signIn((requestId) => idp.response({ ...o, requestId }));
    expect(r.callback?.searchParams.get('error')).toBe('access_denied');
    return r.callback!.searchParams.get('error_description')!;
  };

  const good = { nameId: 'gina@globex.test', groups: ['eng', 'admins'], acr: MFA_ACR };

  it('signs in with a signed assertion and maps subject, email and groups', async () => {
    const r = await signIn((requestId) => idp.response({ ...good, requestId }));
    expect(r.callback?.searchParams.get('code')).toBeTruthy();
    const org = await stack.server.services.orgs.get('globex');
    expect(await stack.server.services.users.findByEmail(org.id, 'gina@globex.test')).toMatchObject({ groups: ['eng', 'admins'] });
  });

  it('refuses a password-only authentication context when MFA is required', async () => {
    expect(await refusal({ ...good, acr: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' })).toMatch(/multi-factor authentication is required/);
  });

  it('refuses an unsigned assertion', async () => {
    expect(await refusal({ ...good, sign: false })).toMatch(/SAML response was refused: .*signature/i);
  });

  it('refuses signature wrapping (a forged assertion beside the signed one)', async () => {
    const r = await signIn((requestId) => idp.wrapped({ ...good, requestId }, 'mallory@globex.test'));
    expect(r.callback?.searchParams.get('error_description')).toMatch(/SAML response was refused/);
  });

  it('refuses a tampered signed assertion', async () => {
    const r = await signIn((requestId) => {
      const xml = Buffer.from(idp.response({ ...good, requestId }), 'base64').toString().replace('>gina@globex.test<', '>mallory@globex.test<');
      return Buffer.from(xml).toString('base64');
    });
    expect(r.callback?.searchParams.get('error_description')).toMatch(/SAML response was refused: .*signature/i);
  });

  it('refuses a wrong audience, a wrong recipient and an expired assertion', async () => {
    expect(await refusal({ ...good, audience: 'https://someone-else.test' })).toMatch(/SAML response was refused: .*audience/i);
    expect(await refusal({ ...good, recipient: 'https://evil.test/acs' })).toMatch(/meant for another recipient/);
    expect(await refusal({ ...good, notOnOrAfter: new Date(Date.now() - 10 * 60_000) })).toMatch(/SAML response was refused: .*(expired|No valid subject confirmation)/i);
  });

  it('refuses a replayed assertion ID', async () => {
    const assertionId = '_replayed-assertion-1';
    const first = await signIn((requestId) => idp.response({ ...good, requestId, assertionId }));
    expect(first.callback?.searchParams.get('code')).toBeTruthy();
    expect(await refusal({ ...good, assertionId })).toMatch(/already used \(replay\)/);
  });

  it('publishes SP metadata with our entity ID and ACS', async () => {
    const xml = await (await fetch(`${stack.server.url}/saml/sp/metadata`)).text();
    expect(xml).toContain(`entityID="${stack.server.url}/saml/sp"`);
    expect(xml).toContain(`Location="${stack.server.url}/upstream/saml/acs"`);
    expect(xml).toContain('WantAssertionsSigned="true"');
  });

  it('refuses a response to a request it did not make', async () => {
    const r = await signIn(() => idp.response({ ...good, requestId: '_not-our-request' }));
    expect(r.callback?.searchParams.get('error_description')).toMatch(/SAML response was refused: .*InResponseTo/i);
  });
});
