import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretStoreError } from '../../common/secrets/secretStore.js';
import { WeakerFileSecretStore } from './weakerFileStore.js';

const SECRET = 'refresh-token-7d1f5c0e-never-in-plaintext';
let path: string;
const machineSecret = Buffer.from('0123456789abcdef0123456789abcdef');

beforeEach(async () => {
  path = join(await mkdtemp(join(tmpdir(), 'marie-weaker-')), 'secrets.weaker');
});

async function code(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(SecretStoreError);
  return (e as SecretStoreError).code;
}

describe('WeakerFileSecretStore', () => {
  it('names itself weaker', () => {
    const store = new WeakerFileSecretStore({ path, machineSecret, reason: 'no Secret Service' });
    expect(store.kind).toBe('weaker-file');
    expect(store.isWeaker).toBe(true);
    expect(store.description).toMatch(/^weaker file store .*no OS keychain \(no Secret Service\)/);
  });

  it('round-trips secrets per service and account, owner-only, never in plaintext', async () => {
    const store = new WeakerFileSecretStore({ path, machineSecret });
    expect(await store.get('svc', 'a')).toBeNull();
    await store.set('svc', 'a', SECRET);
    await store.set('svc', 'b', 'other');
    await store.set('svc2', 'a', 'third');
    expect(await store.get('svc', 'a')).toBe(SECRET);
    expect(await new WeakerFileSecretStore({ path, machineSecret }).get('svc2', 'a')).toBe('third');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const raw = await readFile(path);
    expect(raw.includes(Buffer.from(SECRET))).toBe(false);
    expect(raw.includes(Buffer.from('svc'))).toBe(false);
    expect(await store.delete('svc', 'a')).toBe(true);
    expect(await store.delete('svc', 'a')).toBe(false);
    expect(await store.get('svc', 'a')).toBeNull();
    expect(await store.get('svc', 'b')).toBe('other');
  });

  it('creates its folder, private, on first write', async () => {
    const nested = join(path, 'deeper', 'secrets.weaker');
    await new WeakerFileSecretStore({ path: nested, machineSecret }).set('svc', 'a', 'x');
    expect((await stat(join(path, 'deeper'))).mode & 0o777).toBe(0o700);
  });

  it('serialises concurrent writes in one process', async () => {
    const store = new WeakerFileSecretStore({ path, machineSecret });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set('svc', `acct-${i}`, `v${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get('svc', `acct-${i}`)).toBe(`v${i}`);
  });

  it('loses no write when several stores (processes) share the file', async () => {
    const stores = Array.from({ length: 4 }, () => new WeakerFileSecretStore({ path, machineSecret }));
    await Promise.all(stores.flatMap((store, s) => Array.from({ length: 5 }, (_, i) => store.set('svc', `s${s}-${i}`, `v${s}-${i}`))));
    const reader = new WeakerFileSecretStore({ path, machineSecret });
    for (let s = 0; s < 4; s++) for (let i = 0; i < 5; i++) expect(await reader.get('svc', `s${s}-${i}`)).toBe(`v${s}-${i}`);
  });

  it('refuses a flipped byte anywhere, a truncated file, and another machine', async () => {
    await new WeakerFileSecretStore({ path, machineSecret }).set('svc', 'a', SECRET);
    const good = await readFile(path);
    for (const at of [3, 30, 45, good.length - 20, good.length - 1]) {
      const bad = Buffer.from(good);
      bad[at]! ^= 0x01;
      await writeFile(path, bad);
      expect(await code(new WeakerFileSecretStore({ path, machineSecret }).get('svc', 'a')), `byte ${at}`).toBe('weaker-store-unreadable');
    }
    await writeFile(path, good);
    await truncate(path, good.length - 1);
    expect(await code(new WeakerFileSecretStore({ path, machineSecret }).get('svc', 'a'))).toBe('weaker-store-unreadable');
    await truncate(path, 10);
    expect(await code(new WeakerFileSecretStore({ path, machineSecret }).get('svc', 'a'))).toBe('weaker-store-unreadable');
    await writeFile(path, good);
    expect(await code(new WeakerFileSecretStore({ path, machineSecret: randomBytes(32) }).get('svc', 'a'))).toBe('weaker-store-unreadable');
  });

  it('refuses a file other users can read', async () => {
    await new WeakerFileSecretStore({ path, machineSecret }).set('svc', 'a', SECRET);
    await chmod(path, 0o644);
    expect(await code(new WeakerFileSecretStore({ path, machineSecret }).get('svc', 'a'))).toBe('weaker-store-unreadable');
  });

  it('rejects empty or non-printable service and account names', async () => {
    const store = new WeakerFileSecretStore({ path, machineSecret });
    expect(await code(store.get('', 'a'))).toBe('invalid-argument');
    expect(await code(store.set('svc', 'a\0b', 'x'))).toBe('invalid-argument');
  });
});
