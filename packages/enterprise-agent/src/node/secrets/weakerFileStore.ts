import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { checkSecretAddress, SecretStoreError, type SecretStore } from '../../common/secrets/secretStore.js';
import { writeFileAtomic } from '../fs/atomicFile.js';
import { withFileLock } from '../fs/fileLock.js';

// File layout: MAGIC | salt(16) | iv(12) | AES-256-GCM ciphertext | tag(16). The header is
// the associated data, so neither the version nor the salt can be swapped unnoticed.
const MAGIC = Buffer.from('MARIE-WEAKER-SECRETS-1\n', 'utf8');
const SALT = 16;
const IV = 12;
const TAG = 16;
const HEADER = MAGIC.length + SALT;
const INFO = Buffer.from('marieide weaker secret store v1', 'utf8');

const contentSchema = z.object({ entries: z.array(z.tuple([z.string(), z.string(), z.string()])) });
type Entries = Map<string, [string, string, string]>;

export interface WeakerFileStoreOptions {
  path: string;
  /** Machine-bound key material (see readMachineSecret). */
  machineSecret: Uint8Array;
  /** Why the keychain was not used, shown in the description. */
  reason?: string;
}

/**
 * The explicitly WEAKER store, used only when policy allows it and no keychain exists.
 * Encrypted with a key derived from the machine id, which any local user can read: the
 * protection is the file's 0600 mode and that a copied file is useless on another machine.
 */
export class WeakerFileSecretStore implements SecretStore {
  readonly kind = 'weaker-file' as const;
  readonly isWeaker = true;
  readonly description: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: WeakerFileStoreOptions) {
    this.description = `weaker file store (${options.path}): no OS keychain${options.reason ? ` (${options.reason})` : ''}; protected only by file permissions and a machine-bound key`;
  }

  async get(service: string, account: string): Promise<string | null> {
    checkSecretAddress(service, account);
    return this.serial(async () => (await this.load()).get(key(service, account))?.[2] ?? null);
  }

  async set(service: string, account: string, secret: string): Promise<void> {
    checkSecretAddress(service, account);
    return this.serial(async () => {
      const entries = await this.load();
      entries.set(key(service, account), [service, account, secret]);
      await this.save(entries);
    });
  }

  async delete(service: string, account: string): Promise<boolean> {
    checkSecretAddress(service, account);
    return this.serial(async () => {
      const entries = await this.load();
      if (!entries.delete(key(service, account))) return false;
      await this.save(entries);
      return true;
    });
  }

  // One read-modify-write at a time: queued within this process, locked across processes.
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const locked = () => withFileLock(this.options.path, op);
    const next = this.queue.then(locked, locked);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<Entries> {
    let data: Buffer;
    try {
      const st = await stat(this.options.path);
      if ((st.mode & 0o077) !== 0) throw unreadable(`${this.options.path} is readable by other users (mode ${(st.mode & 0o777).toString(8)}); refusing to use it`);
      data = await readFile(this.options.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw e;
    }
    if (data.length < HEADER + IV + TAG || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw unreadable(`${this.options.path} is truncated or not a weaker secret store file`);
    }
    const header = data.subarray(0, HEADER);
    const iv = data.subarray(HEADER, HEADER + IV);
    const decipher = createDecipheriv('aes-256-gcm', this.key(header.subarray(MAGIC.length)), iv);
    decipher.setAAD(header);
    decipher.setAuthTag(data.subarray(data.length - TAG));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(HEADER + IV, data.length - TAG)), decipher.final()]);
    } catch (e) {
      throw unreadable(`${this.options.path} failed authentication: tampered, damaged, or from another machine`, e);
    }
    const parsed = contentSchema.safeParse(JSON.parse(plain.toString('utf8')));
    if (!parsed.success) throw unreadable(`${this.options.path} has unexpected content`);
    return new Map(parsed.data.entries.map((e) => [key(e[0], e[1]), e]));
  }

  private async save(entries: Entries): Promise<void> {
    const salt = randomBytes(SALT);
    const iv = randomBytes(IV);
    const header = Buffer.concat([MAGIC, salt]);
    const cipher = createCipheriv('aes-256-gcm', this.key(salt), iv);
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(JSON.stringify({ entries: [...entries.values()] }), 'utf8'), cipher.final()]);
    await writeFileAtomic(this.options.path, Buffer.concat([header, iv, body, cipher.getAuthTag()]));
  }

  private key(salt: Uint8Array): Buffer {
    return Buffer.from(hkdfSync('sha256', this.options.machineSecret, salt, INFO, 32));
  }
}

// NUL cannot occur in a checked service or account, so the pair maps to one key.
function key(service: string, account: string): string {
  return `${service}\0${account}`;
}

function unreadable(message: string, cause?: unknown): SecretStoreError {
  return new SecretStoreError('weaker-store-unreadable', message, { cause });
}
