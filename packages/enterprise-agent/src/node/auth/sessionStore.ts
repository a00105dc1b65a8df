import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parseStoredSession, type StoredSession } from '../../common/auth/storedSession.js';
import type { SecretStore } from '../../common/secrets/secretStore.js';

export const AUTH_SECRET_SERVICE = 'marieide.auth';

/**
 * The keychain account for the session of one agent data folder: each profile (and each
 * test) has its own entry, and nothing in the name says who is signed in.
 */
export function sessionAccount(dataDir: string): string {
  return `session-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`;
}

/** Reads and writes the one stored session of a data folder. */
export class SessionStore {
  constructor(
    readonly secrets: SecretStore,
    readonly account: string,
  ) {}

  async load(): Promise<StoredSession | null> {
    return parseStoredSession(await this.secrets.get(AUTH_SECRET_SERVICE, this.account));
  }

  save(session: StoredSession): Promise<void> {
    return this.secrets.set(AUTH_SECRET_SERVICE, this.account, JSON.stringify(session));
  }

  delete(): Promise<boolean> {
    return this.secrets.delete(AUTH_SECRET_SERVICE, this.account);
  }
}
