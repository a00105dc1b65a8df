import { z } from 'zod';
import type { KeyWrapperErrorCode } from './keyWrapper.js';
import type { LocalStoreErrorCode } from './localStoreError.js';

/** The unwrapped data key as cached in the secret store, with when the key service last vouched for it. */
export const cachedDataKeySchema = z.object({
  v: z.literal(1),
  storeId: z.string(),
  kekId: z.string(),
  /** base64url of the 32-byte data key. */
  key: z.string(),
  /** Epoch ms of the last successful unwrap; the grace period runs from here. */
  confirmedAt: z.number().int().nonnegative(),
});
export type CachedDataKey = z.infer<typeof cachedDataKeySchema>;

export function parseCachedDataKey(text: string | null): CachedDataKey | null {
  if (text === null) return null;
  try {
    const parsed = cachedDataKeySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type UnwrapFailureDecision =
  | { readonly use: 'cache'; readonly lockAt: number }
  | { readonly error: LocalStoreErrorCode; readonly forgetCache: boolean };

/**
 * What to do when the key service did not unwrap. Disabled or unreachable: the cached key
 * serves until the grace period that began at the last confirmation ends, then is forgotten.
 * Destroyed: the cache is forgotten at once, so nothing can read the data any more.
 */
export function decideAfterUnwrapFailure(code: KeyWrapperErrorCode, cached: CachedDataKey | null, now: number, graceMs: number): UnwrapFailureDecision {
  if (code === 'kek-destroyed') return { error: 'kek-destroyed', forgetCache: true };
  if (code === 'wrapped-key-invalid') return { error: 'wrapped-key-invalid', forgetCache: false };
  if (cached === null) return { error: code, forgetCache: false };
  const lockAt = cached.confirmedAt + graceMs;
  // A clock set back must not stretch the grace period: a confirmation "in the future" counts as expired.
  if (now < lockAt && cached.confirmedAt <= now) return { use: 'cache', lockAt };
  return { error: 'grace-expired', forgetCache: true };
}
