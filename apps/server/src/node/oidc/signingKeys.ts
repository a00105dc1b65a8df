import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import { open, seal } from '../crypto/seal.js';
import type { Database } from '../db/schema.js';
import { now } from '../store/errors.js';

const ALG = 'ES256';
const keyContext = (kid: string) => `signing_keys:${kid}`;

/** Our provider's signing keys and cookie secrets, sealed under the master key at rest. */
export class SigningKeyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly masterKey: Buffer,
  ) {}

  /** Adds a new active key; the previous one stays published (retired) so issued tokens still verify. */
  async rotate(): Promise<string> {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = randomBytes(12).toString('base64url');
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('signing_keys').set({ status: 'retired' }).where('status', '=', 'active').execute();
      await trx
        .insertInto('signing_keys')
        .values({ kid, alg: ALG, jwk_sealed: seal(this.masterKey, JSON.stringify({ ...jwk, kid, alg: ALG, use: 'sig' }), keyContext(kid)), status: 'active', created_at: now() })
        .execute();
    });
    return kid;
  }

  /** Removes retired keys older than `olderThanSeconds` (longer than any token lifetime). */
  async pruneRetired(olderThanSeconds: number): Promise<number> {
    const r = await this.db.deleteFrom('signing_keys').where('status', '=', 'retired').where('created_at', '<', now() - olderThanSeconds).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** Private JWKS, active key first (oidc-provider signs with the first key of a matching alg). */
  async privateJwks(): Promise<JWK[]> {
    let rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').execute();
    if (!rows.some((r) => r.status === 'active')) {
      await this.rotate();
      rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').execute();
    }
    rows.sort((a, b) => (a.status === b.status ? b.created_at - a.created_at : a.status === 'active' ? -1 : 1));
    return rows.map((r) => JSON.parse(open(this.masterKey, r.jwk_sealed, keyContext(r.kid)).toString()) as JWK);
  }

  /** A named random secret (e.g. cookie signing keys), created once and shared by replicas. */
  async secret(name: string): Promise<string> {
    const found = await this.db.selectFrom('server_secrets').select('value_sealed').where('name', '=', name).executeTakeFirst();
    if (found) return open(this.masterKey, found.value_sealed, `server_secrets:${name}`).toString();
    const value = randomBytes(32).toString('base64url');
    await this.db
      .insertInto('server_secrets')
      .values({ name, value_sealed: seal(this.masterKey, value, `server_secrets:${name}`) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    // Another replica may have won the race; read back whichever value was stored.
    const stored = await this.db.selectFrom('server_secrets').select('value_sealed').where('name', '=', name).executeTakeFirstOrThrow();
    return open(this.masterKey, stored.value_sealed, `server_secrets:${name}`).toString();
  }
}
