import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/connect.js';
import type { Db } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { testEngines } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { SigningKeyStore } from './signingKeys.js';

describe.each(testEngines)('signing keys on %s', (_name, create) => {
  let tdb: TestDatabase;
  let db: Db;
  const key = randomBytes(32);
  beforeEach(async () => {
    tdb = await create();
    db = openDb(tdb.target);
    await migrate(db);
  });
  afterEach(async () => {
    await db.close();
    await tdb.drop();
  });

  it('creates a key on first use and stores only sealed private keys', async () => {
    const store = new SigningKeyStore(db.kysely, key);
    const [jwk] = await store.privateJwks();
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    const row = await db.kysely.selectFrom('signing_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.jwk_sealed).not.toContain(jwk!.d!);
    await expect(new SigningKeyStore(db.kysely, randomBytes(32)).privateJwks()).rejects.toThrow(/wrong master key or tampered/);
  });

  it('rotates: the new key signs first, the old one stays published until pruned', async () => {
    const store = new SigningKeyStore(db.kysely, key);
    const [first] = await store.privateJwks();
    const kid = await store.rotate();
    const keys = await store.privateJwks();
    expect(keys.map((k) => k.kid)).toEqual([kid, first!.kid]);
    expect(await store.pruneRetired(-10)).toBe(1);
    expect((await store.privateJwks()).map((k) => k.kid)).toEqual([kid]);
  });

  it('shares one cookie secret between callers', async () => {
    const a = await new SigningKeyStore(db.kysely, key).secret('cookie-key');
    expect(await new SigningKeyStore(db.kysely, key).secret('cookie-key')).toBe(a);
  });
});
