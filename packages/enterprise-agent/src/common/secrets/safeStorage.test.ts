import { describe, expect, it } from 'vitest';
import { isSafeStorageWeaker, type SafeStorageLike } from './safeStorage.js';

const fake = (available: boolean, backend?: string): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => new TextEncoder().encode(s),
  decryptString: (b) => new TextDecoder().decode(b),
  ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
});

describe('isSafeStorageWeaker', () => {
  it('is weaker without encryption or with the hard-coded Linux password backend', () => {
    expect(isSafeStorageWeaker(fake(false))).toBe(true);
    expect(isSafeStorageWeaker(fake(true, 'basic_text'))).toBe(true);
    expect(isSafeStorageWeaker(fake(true, 'unknown'))).toBe(true);
  });

  it('is not weaker on a real keyring backend, or on macOS/Windows (no backend reported)', () => {
    expect(isSafeStorageWeaker(fake(true, 'gnome_libsecret'))).toBe(false);
    expect(isSafeStorageWeaker(fake(true, 'kwallet5'))).toBe(false);
    expect(isSafeStorageWeaker(fake(true))).toBe(false);
  });
});
