import type * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTestDatabase } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { startRogueIdp } from '../testing/rogueIdp.js';
import type { RogueIdp, RogueMode } from '../testing/rogueIdp.js';
import { desktopAuthorize, desktopClient, startStack } from '../testing/stack.js';
import type { Stack } from '../testing/stack.js';

describe('upstream ID token checks', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let rogue: RogueIdp;
  let desktop: oidc.Configuration;
  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    stack = await startStack(tdb.target);
    rogue = await startRogueIdp();
    const org = await stack.server.services.orgs.create({ slug: 'rogue', name: 'Rogue' });
    await stack.server.services.idps.addOidc({ orgId: org.id, name: 'rogue', issuer: rogue.issuer, clientId: rogue.clientId, clientSecret: 'x' });
    desktop = await desktopClient(stack.server.url);
  });
  afterAll(async () => {
    await rogue?.close();
    await stack?.close();
    await tdb?.drop();
  });

  const refusal = async (mode: RogueMode) => {
    rogue.mode = mode;
    const s = await desktopAuthorize(desktop, 53123, { org: 'rogue' });
    return { error: s.callback.searchParams.get('error'), description: s.callback.searchParams.get('error_description') ?? '' };
  };

  it('accepts a well-formed ID token (control)', async () => {
    const s = await desktopAuthorize(desktop, 53123, { org: 'rogue' });
    expect(s.callback.searchParams.get('code')).toBeTruthy();
  });

  it.each([
    ['alg-none', /unexpected JWT "alg" header parameter/],
    ['hs256-confusion', /unexpected JWT "alg" header parameter/],
    ['unknown-kid', /no applicable keys found/],
    ['wrong-aud', /unexpected JWT "aud" \(audience\) claim value/],
    ['wrong-iss', /unexpected JWT "iss" \(issuer\) claim value/],
    ['expired', /unexpected JWT "exp" \(expiration time\) claim value/],
    ['wrong-nonce', /unexpected ID Token "nonce" claim value/],
  ] as const)('refuses an ID token with %s', async (mode, reason) => {
    const r = await refusal(mode);
    expect(r.error).toBe('access_denied');
    expect(r.description).toMatch(/the identity provider's response was refused/);
    expect(r.description, r.description).toMatch(reason);
  });
});
