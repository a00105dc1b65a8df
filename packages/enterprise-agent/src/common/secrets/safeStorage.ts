/**
 * The seam for Electron's `safeStorage`: the desktop passes its `safeStorage` object, which
 * satisfies this shape, and keeps the encrypted blobs itself. Declared here so the agent does
 * not depend on Electron.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Uint8Array): string;
  /** Linux only in Electron: 'basic_text' means a hard-coded password, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

/** Linux backends under which safeStorage is no better than an obfuscated file. */
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

/** Whether a store built on this safeStorage must be presented as weaker. */
export function isSafeStorageWeaker(safeStorage: SafeStorageLike): boolean {
  if (!safeStorage.isEncryptionAvailable()) return true;
  const backend = safeStorage.getSelectedStorageBackend?.();
  return backend !== undefined && WEAK_LINUX_BACKENDS.has(backend);
}
