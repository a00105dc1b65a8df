import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyWrapper } from '../../common/localStore/keyWrapper.js';
import { offlineGraceMsFromPolicy, type LocalStorePolicy } from '../../common/localStore/offlineGrace.js';
import type { SecretStore } from '../../common/secrets/secretStore.js';
import { EncryptedLocalStore } from '../localStore/encryptedLocalStore.js';
import { AuditOutbox } from './outbox.js';

export interface OpenAuditOutboxOptions {
  /** The agent's data folder; the outbox lives in `audit/` below it. */
  dataDir: string;
  keyWrapper: KeyWrapper;
  secrets: SecretStore;
  /** The effective policy: its offline grace period decides when the outbox locks. */
  policy: LocalStorePolicy;
  /** From the `AuditOutboxMaxSize` policy (`outboxMaxBytesFromPolicy`). */
  maxBytes: number;
  org?: () => string;
  now?: () => number;
}

export interface OpenedAuditOutbox {
  deviceId: string;
  store: EncryptedLocalStore;
  outbox: AuditOutbox;
}

export const auditDir = (dataDir: string) => join(dataDir, 'audit');
export const outboxPath = (dataDir: string) => join(auditDir(dataDir), 'outbox.db');
/** Where each process keeps the count of events it holds before the outbox opens (`BufferLedger`). */
export const heldDir = (dataDir: string) => join(auditDir(dataDir), 'held');

/**
 * The device's audit identity: a random id made once per data folder. Not secret (the
 * device key in the keychain is what authenticates); it names the device's chain.
 */
export function deviceIdOf(dataDir: string, create: boolean): string | null {
  const file = join(auditDir(dataDir), 'device-id');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !create) return null;
  }
  mkdirSync(auditDir(dataDir), { recursive: true, mode: 0o700 });
  const id = `dev-${randomUUID()}`;
  // 'wx': two first starts cannot give one folder two identities.
  try {
    writeFileSync(file, `${id}\n`, { flag: 'wx', mode: 0o600 });
    return id;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}

/** Opens the outbox in its own encrypted database (a separate file from other agent state). */
export async function openAuditOutbox(options: OpenAuditOutboxOptions): Promise<OpenedAuditOutbox> {
  const deviceId = deviceIdOf(options.dataDir, true)!;
  const store = await EncryptedLocalStore.open({ path: outboxPath(options.dataDir), keyWrapper: options.keyWrapper, secretStore: options.secrets, offlineGraceMs: offlineGraceMsFromPolicy(options.policy), now: options.now });
  try {
    const outbox = AuditOutbox.open({ run: (fn) => store.use(fn), device: deviceId, org: options.org, maxBytes: options.maxBytes, now: options.now });
    return { deviceId, store, outbox };
  } catch (e) {
    store.close();
    throw e;
  }
}
