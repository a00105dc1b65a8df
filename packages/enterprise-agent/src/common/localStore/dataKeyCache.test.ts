import { describe, expect, it } from 'vitest';
import { decideAfterUnwrapFailure, parseCachedDataKey, type CachedDataKey } from './dataKeyCache.js';

const cached: CachedDataKey = { v: 1, storeId: 's', kekId: 'k', key: 'AAAA', confirmedAt: 1_000 };
const HOUR = 3_600_000;

describe('decideAfterUnwrapFailure', () => {
  it('serves a cached key while offline or disabled, until the grace period ends', () => {
    for (const code of ['kek-unreachable', 'kek-disabled'] as const) {
      expect(decideAfterUnwrapFailure(code, cached, 1_000 + HOUR - 1, HOUR)).toEqual({ use: 'cache', lockAt: 1_000 + HOUR });
      expect(decideAfterUnwrapFailure(code, cached, 1_000 + HOUR, HOUR)).toEqual({ error: 'grace-expired', forgetCache: true });
    }
  });

  it('without a cached key reports the key service problem itself', () => {
    expect(decideAfterUnwrapFailure('kek-disabled', null, 0, HOUR)).toEqual({ error: 'kek-disabled', forgetCache: false });
    expect(decideAfterUnwrapFailure('kek-unreachable', null, 0, HOUR)).toEqual({ error: 'kek-unreachable', forgetCache: false });
  });

  it('forgets the cache at once when the KEK is destroyed, whatever the grace period', () => {
    expect(decideAfterUnwrapFailure('kek-destroyed', cached, 1_001, HOUR)).toEqual({ error: 'kek-destroyed', forgetCache: true });
  });

  it('treats a confirmation in the future (clock set back) as expired', () => {
    expect(decideAfterUnwrapFailure('kek-unreachable', cached, 500, HOUR)).toEqual({ error: 'grace-expired', forgetCache: true });
  });

  it('refuses a wrapped key the service did not recognise', () => {
    expect(decideAfterUnwrapFailure('wrapped-key-invalid', cached, 1_001, HOUR)).toEqual({ error: 'wrapped-key-invalid', forgetCache: false });
  });
});

describe('parseCachedDataKey', () => {
  it('accepts its own format and nothing else', () => {
    expect(parseCachedDataKey(JSON.stringify(cached))).toEqual(cached);
    expect(parseCachedDataKey(null)).toBeNull();
    expect(parseCachedDataKey('not json')).toBeNull();
    expect(parseCachedDataKey(JSON.stringify({ ...cached, v: 2 }))).toBeNull();
  });
});
