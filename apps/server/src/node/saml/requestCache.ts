import type { CacheItem, CacheProvider } from '@node-saml/node-saml';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { now } from '../store/errors.js';

const TTL = 600;

/** node-saml's InResponseTo cache in the database, so any replica can finish a sign-in. */
export class DbRequestCache implements CacheProvider {
  constructor(private readonly db: Kysely<Database>) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const t = now();
    await this.db.insertInto('saml_requests').values({ id: key, created_at: t, expires_at: t + TTL }).onConflict((oc) => oc.column('id').doNothing()).execute();
    return { value, createdAt: t * 1000 };
  }

  async getAsync(key: string): Promise<string | null> {
    const r = await this.db.selectFrom('saml_requests').select(['created_at', 'expires_at']).where('id', '=', key).executeTakeFirst();
    return r && r.expires_at > now() ? new Date(r.created_at * 1000).toISOString() : null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (!key) return null;
    const r = await this.db.deleteFrom('saml_requests').where('id', '=', key).executeTakeFirst();
    return Number(r.numDeletedRows) ? key : null;
  }
}
