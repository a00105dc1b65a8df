import { existsSync } from 'node:fs';
import type { KeyWrapper } from '../../common/localStore/keyWrapper.js';
import { LocalStoreError } from '../../common/localStore/localStoreError.js';
import type { SecretStore } from '../../common/secrets/secretStore.js';
import { createDataKey, unlockDataKey, type DataKeyContext } from './dataKey.js';
import { asStoreError, openEncryptedDatabase, type SqliteDatabase } from './encryptedDatabase.js';
import { keyFilePath, readKeyFile } from './keyFile.js';

export interface OpenLocalStoreOptions {
  /** The database file; its wrapped data key is kept beside it in `<path>.key`. */
  path: string;
  keyWrapper: KeyWrapper;
  /** Caches the unwrapped data key for the offline grace period. */
  secretStore: SecretStore;
  /** How long a cached data key serves without the key service confirming it. */
  offlineGraceMs: number;
  now?: () => number;
}

/**
 * The agent's encrypted database. It locks itself at `lockAt` unless `refreshKey()` got a
 * fresh confirmation from the key service first; after that every use fails with `store-locked`.
 */
export class EncryptedLocalStore {
  private db: SqliteDatabase | null;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    db: SqliteDatabase,
    private readonly file: { path: string; storeId: string },
    private readonly ctx: DataKeyContext,
    private deadline: number,
  ) {
    this.db = db;
    this.schedule();
  }

  static async open(options: OpenLocalStoreOptions): Promise<EncryptedLocalStore> {
    const ctx: DataKeyContext = { keyWrapper: options.keyWrapper, secretStore: options.secretStore, offlineGraceMs: options.offlineGraceMs, now: options.now ?? Date.now };
    const keyPath = keyFilePath(options.path);
    const keyFile = await readKeyFile(keyPath);
    const dbExists = existsSync(options.path);
    if (keyFile === null && dbExists) throw new LocalStoreError('key-file-invalid', `${keyPath} is missing, so ${options.path} cannot be decrypted`);
    // No key file: a new store. Key file without database: a crash between the two, so create it.
    const unlocked = keyFile === null ? await createDataKey(keyPath, ctx) : await unlockDataKey(keyFile, ctx);
    const db = openEncryptedDatabase(options.path, unlocked.key, { create: keyFile === null || !dbExists });
    unlocked.key.fill(0);
    return new EncryptedLocalStore(db, { path: options.path, storeId: unlocked.storeId }, ctx, unlocked.lockAt);
  }

  /** When the store locks unless the key service confirms the data key again. */
  get lockAt(): number {
    return this.deadline;
  }

  get isLocked(): boolean {
    return this.db === null;
  }

  /** Runs `fn` on the open database; throws `store-locked` once the grace period is over. */
  use<T>(fn: (db: SqliteDatabase) => T): T {
    if (this.db !== null && this.ctx.now() >= this.deadline) this.lock();
    if (this.db === null) throw new LocalStoreError('store-locked', `${this.file.path} is locked (closed, or its data key was not confirmed by the organisation key in time); open it again`);
    try {
      return fn(this.db);
    } catch (e) {
      throw asStoreError(e, this.file.path);
    }
  }

  /**
   * Asks the key service again. Success extends the deadline; disabled or offline keeps the
   * old one; destroyed locks now and forgets the cached key.
   */
  async refreshKey(): Promise<void> {
    const keyFile = await readKeyFile(keyFilePath(this.file.path));
    if (keyFile === null || keyFile.storeId !== this.file.storeId) throw new LocalStoreError('key-file-invalid', `the key file of ${this.file.path} is missing or was replaced`);
    try {
      const unlocked = await unlockDataKey(keyFile, this.ctx);
      unlocked.key.fill(0);
      this.deadline = unlocked.lockAt;
      this.schedule();
    } catch (e) {
      if (e instanceof LocalStoreError && (e.code === 'kek-destroyed' || e.code === 'grace-expired')) this.lock();
      throw e;
    }
  }

  close(): void {
    this.lock();
  }

  private lock(): void {
    clearTimeout(this.timer);
    this.db?.close();
    this.db = null;
  }

  // Also lock on time alone, so an idle process does not keep the data open past the deadline.
  private schedule(): void {
    clearTimeout(this.timer);
    const delay = Math.min(Math.max(this.deadline - this.ctx.now(), 0), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      if (this.ctx.now() >= this.deadline) this.lock();
      else this.schedule();
    }, delay);
    this.timer.unref();
  }
}
