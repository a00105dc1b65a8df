import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyWrapper } from '../../common/localStore/keyWrapper.js';
import { LocalStoreError } from '../../common/localStore/localStoreError.js';
import { MemorySecretStore } from '../testSupport/memorySecretStore.js';
import { DATA_KEY_SERVICE } from './dataKey.js';
import { EncryptedLocalStore, type OpenLocalStoreOptions } from './encryptedLocalStore.js';
import { LocalTestKeyWrapper } from './localTestKeyWrapper.js';

const HOUR = 3_600_000;
const GRACE = 24 * HOUR;
let path: string;
let kek: LocalTestKeyWrapper;
let secrets: MemorySecretStore;
let clock: number;
const open: EncryptedLocalStore[] = [];

beforeEach(async () => {
  path = join(await mkdtemp(join(tmpdir(), 'marie-store-')), 'agent.db');
  kek = new LocalTestKeyWrapper();
  secrets = new MemorySecretStore();
  clock = 1_700_000_000_000;
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function openStore(over: Partial<OpenLocalStoreOptions> = {}): Promise<EncryptedLocalStore> {
  const store = await EncryptedLocalStore.open({ path, keyWrapper: kek, secretStore: secrets, offlineGraceMs: GRACE, now: () => clock, ...over });
  open.push(store);
  return store;
}

async function failure(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(LocalStoreError);
  return (e as LocalStoreError).code;
}

function useFailure(store: EncryptedLocalStore): string {
  try {
    store.use((db) => db.prepare('SELECT count(*) FROM kv').get());
  } catch (e) {
    expect(e).toBeInstanceOf(LocalStoreError);
    return (e as LocalStoreError).code;
  }
  return 'usable';
}

async function seed(): Promise<void> {
  const store = await openStore();
  store.use((db) => {
    db.exec('CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT)');
    db.prepare('INSERT INTO kv VALUES (?, ?)').run('device-id', 'dev-123');
  });
  store.close();
}

const readBack = (store: EncryptedLocalStore) => store.use((db) => db.prepare('SELECT v FROM kv WHERE k = ?').get('device-id'));

describe('EncryptedLocalStore', () => {
  it('keeps the data key only wrapped on disk and unwrapped in the secret store', async () => {
    await seed();
    const keyFile = JSON.parse(readFileSync(`${path}.key`, 'utf8')) as { kekId: string; blob: string; storeId: string };
    expect(keyFile.kekId).toBe(kek.kekId);
    const cached = JSON.parse(secrets.entries.get(`${DATA_KEY_SERVICE}/data-key:${keyFile.storeId}`)!) as { key: string; confirmedAt: number };
    expect(cached.confirmedAt).toBe(clock);
    const dek = Buffer.from(cached.key, 'base64url');
    expect(dek.length).toBe(32);
    for (const file of [path, `${path}.key`]) expect(readFileSync(file).includes(dek)).toBe(false);
    expect(readFileSync(path).includes(Buffer.from('dev-123'))).toBe(false);
    expect(readBack(await openStore())).toEqual({ v: 'dev-123' });
  });

  it('gives each store its own random data key', async () => {
    await seed();
    const first = readFileSync(`${path}.key`, 'utf8');
    path = `${path}-2`;
    await seed();
    expect(JSON.parse(readFileSync(`${path}.key`, 'utf8')).storeId).not.toBe(JSON.parse(first).storeId);
    expect(secrets.entries.size).toBe(2);
  });

  it('offline: opens from the cached key within the grace period, locks at its end', async () => {
    await seed();
    kek.offline = true;
    clock += GRACE - 1;
    const store = await openStore();
    expect(store.lockAt).toBe(clock + 1);
    expect(readBack(store)).toEqual({ v: 'dev-123' });
    clock += 1;
    expect(useFailure(store)).toBe('store-locked');
    expect(store.isLocked).toBe(true);
    expect(await failure(openStore())).toBe('grace-expired');
    // Expired: the cached key is gone, so only the key service can open the store again.
    expect(secrets.entries.size).toBe(0);
    kek.offline = false;
    expect(readBack(await openStore())).toEqual({ v: 'dev-123' });
  });

  it('refreshing the key with the service online extends the deadline', async () => {
    await seed();
    const store = await openStore();
    clock += GRACE - 10;
    await store.refreshKey();
    expect(store.lockAt).toBe(clock + GRACE);
    clock += 20;
    expect(readBack(store)).toEqual({ v: 'dev-123' });
  });

  it('KEK disabled: the store keeps working until the grace period ends, then locks', async () => {
    await seed();
    const store = await openStore();
    kek.disable();
    clock += HOUR;
    await store.refreshKey();
    expect(store.lockAt).toBe(clock - HOUR + GRACE);
    expect(readBack(await openStore())).toEqual({ v: 'dev-123' });
    clock += GRACE;
    expect(useFailure(store)).toBe('store-locked');
    expect(await failure(store.refreshKey())).toBe('grace-expired');
    expect(await failure(openStore())).toBe('kek-disabled');
    // Re-enabled by the admin: readable again.
    kek.enable();
    expect(readBack(await openStore())).toEqual({ v: 'dev-123' });
  });

  it('KEK disabled with no cached key: locked at once', async () => {
    await seed();
    secrets.entries.clear();
    kek.disable();
    expect(await failure(openStore())).toBe('kek-disabled');
  });

  it('offline with no cached key: locked until the service answers', async () => {
    await seed();
    secrets.entries.clear();
    kek.offline = true;
    expect(await failure(openStore())).toBe('kek-unreachable');
  });

  it('KEK destroyed: unreadable at once, grace period or not, and the cached key is erased', async () => {
    await seed();
    const store = await openStore();
    kek.destroy();
    expect(await failure(store.refreshKey())).toBe('kek-destroyed');
    expect(useFailure(store)).toBe('store-locked');
    expect(secrets.entries.size).toBe(0);
    expect(await failure(openStore())).toBe('kek-destroyed');
  });

  it('a key service that returns a different key: wrong-key, no garbage', async () => {
    await seed();
    const liar: KeyWrapper = { wrap: (k) => kek.wrap(k), unwrap: async () => randomBytes(32) };
    expect(await failure(openStore({ keyWrapper: liar }))).toBe('wrong-key');
  });

  it('a cached key that does not match the store is ignored', async () => {
    await seed();
    const [account, value] = [...secrets.entries][0]!;
    secrets.entries.set(account, JSON.stringify({ ...JSON.parse(value), key: randomBytes(32).toString('base64url') }));
    kek.offline = true;
    expect(await failure(openStore())).toBe('kek-unreachable');
  });

  it('an altered wrapped key is refused by the key service', async () => {
    await seed();
    const file = JSON.parse(readFileSync(`${path}.key`, 'utf8')) as { blob: string };
    const blob = Buffer.from(file.blob, 'base64url');
    blob[20]! ^= 1;
    writeFileSync(`${path}.key`, JSON.stringify({ ...file, blob: blob.toString('base64url') }));
    expect(await failure(openStore())).toBe('wrapped-key-invalid');
  });

  it('a damaged or missing key file is reported, not replaced by a new key', async () => {
    await seed();
    writeFileSync(`${path}.key`, '{"v":1,');
    expect(await failure(openStore())).toBe('key-file-invalid');
    rmSync(`${path}.key`);
    expect(await failure(openStore())).toBe('key-file-invalid');
  });

  it('a tampered or truncated database is reported with its code', async () => {
    await seed();
    const good = readFileSync(path);
    const bad = Buffer.from(good);
    bad[good.length - 7]! ^= 0x80;
    writeFileSync(path, bad);
    expect(await failure(openStore())).toBe('store-corrupt');
    writeFileSync(path, good.subarray(0, good.length - 1));
    expect(await failure(openStore())).toBe('store-truncated');
    writeFileSync(path, Buffer.alloc(0));
    expect(await failure(openStore())).toBe('store-truncated');
  });

  it('a database swapped for another store\'s is refused', async () => {
    await seed();
    const other = `${path}-other`;
    const first = path;
    path = other;
    await seed();
    writeFileSync(first, readFileSync(other));
    path = first;
    expect(await failure(openStore())).toBe('store-corrupt');
  });

  it('locks on time alone, without being used', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      clock = Date.now();
      await seed();
      kek.offline = true;
      const store = await openStore({ now: Date.now });
      vi.advanceTimersByTime(GRACE - 1);
      expect(store.isLocked).toBe(false);
      vi.advanceTimersByTime(1);
      expect(store.isLocked).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
