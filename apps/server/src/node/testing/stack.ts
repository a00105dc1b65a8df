import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import type { DbTarget } from '../db/connect.js';
import { startServer } from '../server.js';
import type { RunningServer } from '../server.js';
import type { Org, OrgInput } from '../store/orgs.js';
import { TestBrowser } from './browser.js';
import { startCompanyIdp } from './companyIdp.js';
import type { CompanyIdp } from './companyIdp.js';

export interface Stack {
  server: RunningServer;
  idp: CompanyIdp;
  org: Org;
  close(): Promise<void>;
}

/** Test-only: our server on `target`, a company IdP, and an org federating it. */
export async function startStack(target: DbTarget, org: Partial<OrgInput> = {}, rateLimitPerMinute = 1000): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'marie-stack-'));
  const server = await startServer(
    { port: 0, host: '127.0.0.1', db: target, dataDir, publicUrl: undefined, masterKey: { kind: 'env', value: randomBytes(32).toString('base64') }, trustProxy: false },
    { rateLimitPerMinute },
  );
  const idp = await startCompanyIdp(`${server.url}/upstream/oidc/callback`);
  const created = await server.services.orgs.create({ slug: 'acme', name: 'Acme', mfaRequired: true, ...org });
  await server.services.idps.addOidc({ orgId: created.id, name: 'corp', issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret });
  return {
    server,
    idp,
    org: created,
    async close() {
      await idp.close();
      await server.close();
    },
  };
}

/** Test-only: alice signs in through the desktop flow (password and OTP at the IdP); her access token. */
export async function aliceAccessToken(stack: Stack): Promise<string> {
  stack.idp.next = { accountId: 'alice', amr: ['pwd', 'otp'] };
  return (await desktopSignIn(await desktopClient(stack.server.url))).access_token;
}

const isLoopbackCallback = (u: URL) => u.hostname === '127.0.0.1' && u.pathname === '/callback';

/** Test-only: openid-client as the desktop app, pointed at our issuer. */
export async function desktopClient(issuer: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), 'marie-desktop', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
}

export interface DesktopSignIn {
  callback: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** Drives a desktop sign-in through the browser up to the loopback callback (not exchanged). */
export async function desktopAuthorize(config: oidc.Configuration, port = 53123, extra: Record<string, string> = {}): Promise<DesktopSignIn> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `http://127.0.0.1:${port}/callback`,
    scope: 'openid email offline_access api',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  const browser = new TestBrowser(isLoopbackCallback);
  let end = await browser.go(url);
  // A native sign-in stops once at the confirmation page; the "user" presses Continue.
  const confirm = end.body?.match(/<form method="post" action="([^"]+\/confirm)">/);
  if (confirm) end = await browser.go(new URL(confirm[1]!, end.url), { method: 'POST', form: {} });
  if (!isLoopbackCallback(end.url)) throw new Error(`sign-in stopped at ${end.url.href}: ${end.body?.slice(0, 400)}`);
  return { callback: end.url, verifier, state, nonce };
}

export async function desktopSignIn(config: oidc.Configuration): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  const s = await desktopAuthorize(config);
  const error = s.callback.searchParams.get('error');
  if (error) throw new Error(`sign-in refused: ${error}: ${s.callback.searchParams.get('error_description')}`);
  return oidc.authorizationCodeGrant(config, s.callback, { pkceCodeVerifier: s.verifier, expectedState: s.state, expectedNonce: s.nonce });
}
