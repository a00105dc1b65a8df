import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migratedDatabasePerTest } from '../db/migratedDatabasePerTest.js';
import { testEngines } from '../db/testDatabases.js';
import { SigningKeyStore } from './signingKeys.js';

describe.each(testEngines)('signing keys on %s', (_name, create) => {
  const database = migratedDatabasePerTest(create);
  const key = randomBytes(32);

  it('creates a key on first use and stores only sealed private keys', async () => {
    const store = new SigningKeyStore(database.current().kysely, key);
    const [jwk] = await store.privateJwks();
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    const row = await database.current().kysely.selectFrom('signing_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.jwk_sealed).not.toContain(jwk!.d!);
    await expect(new SigningKeyStore(database.current().kysely, randomBytes(32)).privateJwks()).rejects.toThrow(/wrong master key or tampered/);
  });

  it('rotates: the new key signs first, the old one stays published until pruned', async () => {
    const store = new SigningKeyStore(database.current().kysely, key);
    const [first] = await store.privateJwks();
    const kid = await store.rotate();
    const keys = await store.privateJwks();
    expect(keys.map((k) => k.kid)).toEqual([kid, first!.kid]);
    expect(await store.pruneRetired(-10)).toBe(1);
    expect((await store.privateJwks()).map((k) => k.kid)).toEqual([kid]);
  });

  it('shares one cookie secret between callers', async () => {
    const a = await new SigningKeyStore(database.current().kysely, key).secret('cookie-key');
    expect(await new SigningKeyStore(database.current().kysely, key).secret('cookie-key')).toBe(a);
  });
});
