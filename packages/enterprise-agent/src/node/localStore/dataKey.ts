import { randomBytes, randomUUID } from 'node:crypto';
import { decideAfterUnwrapFailure, parseCachedDataKey, type CachedDataKey } from '../../common/localStore/dataKeyCache.js';
import { KeyWrapperError, type KeyWrapper } from '../../common/localStore/keyWrapper.js';
import { LocalStoreError } from '../../common/localStore/localStoreError.js';
import type { SecretStore } from '../../common/secrets/secretStore.js';
import { keyCheck, keyMatches, writeKeyFile, type KeyFile } from './keyFile.js';

export const DATA_KEY_SERVICE = 'marieide.local-store';

export interface DataKeyContext {
  keyWrapper: KeyWrapper;
  secretStore: SecretStore;
  offlineGraceMs: number;
  now: () => number;
}

/** An unwrapped data key and the moment the store must lock unless the key service vouches for it again. */
export interface UnlockedDataKey {
  key: Buffer;
  storeId: string;
  lockAt: number;
}

/** A fresh random data key, stored only wrapped (key file) and cached unwrapped (secret store). */
export async function createDataKey(keyPath: string, ctx: DataKeyContext): Promise<UnlockedDataKey> {
  const key = randomBytes(32);
  const storeId = randomUUID();
  const wrapped = await ctx.keyWrapper.wrap(key).catch((e: unknown) => {
    throw asStoreError(e);
  });
  await writeKeyFile(keyPath, { v: 1, storeId, kekId: wrapped.kekId, blob: wrapped.blob, check: keyCheck(key, storeId) });
  return confirm(key, storeId, wrapped.kekId, ctx);
}

/** Asks the key service to unwrap; falls back to the cached key only within the grace period. */
export async function unlockDataKey(file: KeyFile, ctx: DataKeyContext): Promise<UnlockedDataKey> {
  let key: Buffer;
  try {
    key = Buffer.from(await ctx.keyWrapper.unwrap({ kekId: file.kekId, blob: file.blob }));
  } catch (e) {
    return fromCache(file, ctx, asWrapperError(e));
  }
  if (!keyMatches(key, file)) throw new LocalStoreError('wrong-key', 'The data key does not match this store (the key service returned another key, or the key file was altered).');
  return confirm(key, file.storeId, file.kekId, ctx);
}

async function fromCache(file: KeyFile, ctx: DataKeyContext, failure: KeyWrapperError): Promise<UnlockedDataKey> {
  const account = cacheAccount(file.storeId);
  let cached = parseCachedDataKey(await ctx.secretStore.get(DATA_KEY_SERVICE, account));
  // A cached key for another KEK or that fails the check is no key at all.
  if (cached && (cached.kekId !== file.kekId || !keyMatches(Buffer.from(cached.key, 'base64url'), file))) cached = null;
  const decision = decideAfterUnwrapFailure(failure.code, cached, ctx.now(), ctx.offlineGraceMs);
  if ('use' in decision) return { key: Buffer.from(cached!.key, 'base64url'), storeId: file.storeId, lockAt: decision.lockAt };
  if (decision.forgetCache) await ctx.secretStore.delete(DATA_KEY_SERVICE, account);
  throw new LocalStoreError(decision.error, messages[decision.error] ?? failure.message, { cause: failure });
}

async function confirm(key: Buffer, storeId: string, kekId: string, ctx: DataKeyContext): Promise<UnlockedDataKey> {
  const confirmedAt = ctx.now();
  const cached: CachedDataKey = { v: 1, storeId, kekId, key: key.toString('base64url'), confirmedAt };
  await ctx.secretStore.set(DATA_KEY_SERVICE, cacheAccount(storeId), JSON.stringify(cached));
  return { key, storeId, lockAt: confirmedAt + ctx.offlineGraceMs };
}

function cacheAccount(storeId: string): string {
  return `data-key:${storeId}`;
}

const messages: Partial<Record<string, string>> = {
  'kek-destroyed': 'The organisation key has been destroyed: this local store can never be read again.',
  'kek-disabled': 'The organisation key is disabled and no data key is cached: the local store is locked.',
  'kek-unreachable': 'The key service cannot be reached and no data key is cached: the local store is locked until it can.',
  'grace-expired': 'The key service has not confirmed the data key within the offline grace period: the local store is locked.',
  'wrapped-key-invalid': 'The key service does not recognise this store\'s wrapped data key.',
};

// Any other failure of the key service (a network error the implementation did not classify) counts as unreachable.
function asWrapperError(e: unknown): KeyWrapperError {
  if (e instanceof KeyWrapperError) return e;
  return new KeyWrapperError('kek-unreachable', `The key service failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

function asStoreError(e: unknown): LocalStoreError {
  const w = asWrapperError(e);
  return new LocalStoreError(w.code, messages[w.code] ?? w.message, { cause: w });
}
