import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migratedDatabasePerTest } from '../db/migratedDatabasePerTest.js';
import { testEngines } from '../db/testDatabases.js';
import { IdpStore } from './idps.js';
import { OrgStore } from './orgs.js';
import { UserStore } from './users.js';

describe.each(testEngines)('stores on %s', (_name, create) => {
  const database = migratedDatabasePerTest(create);
  const key = randomBytes(32);

  it('creates, reads and updates orgs with their MFA settings', async () => {
    const orgs = new OrgStore(database.current().kysely);
    const org = await orgs.create({ slug: 'acme', name: 'Acme', mfaRequired: true, mfaAcrValues: ['urn:mfa'], mfaMaxAuthAgeSeconds: 300 });
    expect(org.mfa).toEqual({ required: true, acrValues: ['urn:mfa'], maxAuthAgeSeconds: 300 });
    await expect(orgs.create({ slug: 'acme', name: 'Again' })).rejects.toThrow(/already exists/);
    await expect(orgs.create({ slug: 'Bad Slug', name: 'x' })).rejects.toThrow(/lowercase/);
    expect((await orgs.update('acme', { allowJit: false })).allowJit).toBe(false);
    await expect(orgs.get('nope')).rejects.toThrow(/no org nope/);
  });

  it('stores an IdP client secret sealed and reads it back', async () => {
    const org = await new OrgStore(database.current().kysely).create({ slug: 'acme', name: 'Acme' });
    const idps = new IdpStore(database.current().kysely, key);
    const idp = await idps.addOidc({ orgId: org.id, name: 'corp', issuer: 'https://idp.example.com', clientId: 'c', clientSecret: 's3cret' });
    const raw = await database.current().kysely.selectFrom('idps').select('client_secret_sealed').executeTakeFirstOrThrow();
    expect(raw.client_secret_sealed).not.toContain('s3cret');
    expect(await idps.clientSecret(idp.id)).toBe('s3cret');
    await expect(idps.addOidc({ orgId: org.id, name: 'corp', issuer: 'https://x', clientId: 'c' })).rejects.toThrow(/already has/);
    await expect(idps.addOidc({ orgId: org.id, name: 'plain', issuer: 'http://idp.example.com', clientId: 'c' })).rejects.toThrow(/https/);
    expect((await idps.listForOrg(org.id)).map((i) => i.name)).toEqual(['corp']);
  });

  it('maps upstream identities to users', async () => {
    const org = await new OrgStore(database.current().kysely).create({ slug: 'acme', name: 'Acme' });
    const idp = await new IdpStore(database.current().kysely, key).addOidc({ orgId: org.id, name: 'corp', issuer: 'https://idp.example.com', clientId: 'c' });
    const users = new UserStore(database.current().kysely);
    const u = await users.create(org.id, 'Alice@Example.com', 'Alice', ['dev']);
    expect(u.email).toBe('alice@example.com');
    await users.link(idp.id, 'sub-1', u.id);
    expect((await users.findByIdentity(idp.id, 'sub-1'))?.id).toBe(u.id);
    expect(await users.findByIdentity(idp.id, 'sub-2')).toBeUndefined();
    await users.update(u.id, { disabled: true, groups: ['ops'] });
    expect(await users.findById(u.id)).toMatchObject({ disabled: true, groups: ['ops'] });
    await expect(users.create(org.id, 'not-an-email')).rejects.toThrow(/not an email/);
  });
});
