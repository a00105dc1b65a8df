import type { ServerConfig } from '../config/config.js';
import { loadMasterKey } from '../crypto/masterKey.js';
import { openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { createServices } from '../services.js';
import type { Services } from '../services.js';

/** Admin commands work on the same database as the server, migrated first, then closed. */
export async function withServices<T>(config: ServerConfig, fn: (s: Services) => Promise<T>): Promise<T> {
  const masterKey = loadMasterKey(config.masterKey);
  const db = openDb(config.db);
  try {
    await migrate(db);
    return await fn(createServices(db, masterKey));
  } finally {
    await db.close();
  }
}
