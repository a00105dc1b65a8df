import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gateOnSecretService, secretServiceAbsence } from '../testSupport/secretService.js';
import { KeychainSecretStore } from './keychainStore.js';
import { openSecretStore } from './openSecretStore.js';

const absent = await secretServiceAbsence();
const service = `marieide.test.${randomUUID()}`;
const SECRET = 'access-token-ÿ-☃-with unicode and spaces';

describe('KeychainSecretStore against the real Secret Service', () => {
  if (!gateOnSecretService(absent, it)) return;

  const store = new KeychainSecretStore();
  afterAll(async () => {
    for (const account of ['a', 'b']) await store.delete(service, account);
  });

  it('is the OS keychain, not weaker', () => {
    expect(store.kind).toBe('os-keychain');
    expect(store.isWeaker).toBe(false);
    expect(store.description).toBe('OS keychain (Secret Service)');
  });

  it('round-trips, overwrites and deletes per service and account', async () => {
    expect(await store.get(service, 'a')).toBeNull();
    await store.set(service, 'a', SECRET);
    await store.set(service, 'b', 'second');
    expect(await store.get(service, 'a')).toBe(SECRET);
    await store.set(service, 'a', 'replaced');
    expect(await store.get(service, 'a')).toBe('replaced');
    expect(await new KeychainSecretStore().get(service, 'b')).toBe('second');
    expect(await store.delete(service, 'a')).toBe(true);
    expect(await store.delete(service, 'a')).toBe(false);
    expect(await store.get(service, 'a')).toBeNull();
  });

  it('probes by writing, reading and removing a throw-away entry', async () => {
    await expect(store.probe()).resolves.toBeUndefined();
  });

  it('is what openSecretStore picks, whatever the fallback policy', async () => {
    const weakerStorePath = join(await mkdtemp(join(tmpdir(), 'marie-ks-')), 'secrets.weaker');
    for (const allowed of [false, true]) {
      const opened = await openSecretStore({ policy: { SecretStoreFallbackAllowed: allowed }, weakerStorePath });
      expect(opened.kind).toBe('os-keychain');
    }
  });

  it('rejects empty service or account names before calling the keychain', async () => {
    await expect(store.set('', 'a', 'x')).rejects.toMatchObject({ code: 'invalid-argument' });
  });
});
