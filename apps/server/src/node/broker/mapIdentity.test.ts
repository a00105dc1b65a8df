import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { testEngines } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { createServices } from '../services.js';
import type { Services } from '../services.js';
import type { Idp } from '../store/idps.js';
import { mapIdentity } from './mapIdentity.js';

describe.each(testEngines)('mapping upstream identities on %s', (_name, create) => {
  let tdb: TestDatabase;
  let s: Services;
  let idp: Idp;
  beforeEach(async () => {
    tdb = await create();
    const db = openDb(tdb.target);
    await migrate(db);
    s = createServices(db, randomBytes(32));
    const org = await s.orgs.create({ slug: 'acme', name: 'Acme', allowJit: false });
    idp = await s.idps.addOidc({ orgId: org.id, name: 'corp', issuer: 'https://idp.example.com', clientId: 'c' });
  });
  afterEach(async () => {
    await s.db.close();
    await tdb.drop();
  });

  it('refuses an unknown user when the org does not create accounts on first sign-in', async () => {
    await expect(mapIdentity(s, idp, { subject: 's1', email: 'new@acme.test' })).rejects.toThrow(/has no account in acme.*ask an administrator/);
  });

  it('links a pre-provisioned user by verified email, then by subject even if the email changes', async () => {
    const u = await s.users.create(idp.orgId, 'carol@acme.test');
    expect((await mapIdentity(s, idp, { subject: 's1', email: 'carol@acme.test', emailVerified: true, groups: ['eng'] })).id).toBe(u.id);
    const again = await mapIdentity(s, idp, { subject: 's1', email: 'carol.new@acme.test' });
    expect(again).toMatchObject({ id: u.id, groups: ['eng'] });
  });

  it('refuses an unverified email, a missing email and a disabled user', async () => {
    await s.users.create(idp.orgId, 'dave@acme.test');
    await expect(mapIdentity(s, idp, { subject: 's2', email: 'dave@acme.test', emailVerified: false })).rejects.toThrow(/not verified/);
    await expect(mapIdentity(s, idp, { subject: 's3' })).rejects.toThrow(/no email/);
    const u = await mapIdentity(s, idp, { subject: 's2', email: 'dave@acme.test' });
    await s.users.update(u.id, { disabled: true });
    await expect(mapIdentity(s, idp, { subject: 's2' })).rejects.toThrow(/disabled/);
  });

  it('creates the user on first sign-in when the org allows it', async () => {
    await s.orgs.update('acme', { allowJit: true });
    const u = await mapIdentity(s, idp, { subject: 's9', email: 'Erin@Acme.test', name: 'Erin', groups: ['ops'] });
    expect(u).toMatchObject({ email: 'erin@acme.test', name: 'Erin', groups: ['ops'] });
  });
});
