import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../db/schema.js';
import { now } from '../store/errors.js';

/**
 * oidc-provider's storage for every model (sessions, grants, codes, refresh tokens, device
 * codes, interactions) in one table, so replicas sharing PostgreSQL share all protocol state.
 * consume() and revokeByGrantId() are what make code replay and refresh reuse revoke a family.
 */
/**
 * Bearer tokens whose value is their id and which are only ever looked up by it: stored under a
 * SHA-256 of the id and without the `jti` copy, so a read of the table yields no usable token.
 */
const HASHED_KINDS = new Set(['RefreshToken', 'AuthorizationCode', 'AccessToken', 'ClientCredentials']);

export class KyselyAdapter implements Adapter {
  private readonly hashed: boolean;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: string,
  ) {
    this.hashed = HASHED_KINDS.has(kind);
  }

  private key(id: string): string {
    return this.hashed ? createHash('sha256').update(id).digest('base64url') : id;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const stored = this.hashed ? { ...payload, jti: undefined } : payload;
    const row = {
      kind: this.kind,
      id: this.key(id),
      payload: JSON.stringify(stored),
      grant_id: payload.grantId ?? null,
      user_code: payload.userCode ?? null,
      uid: payload.uid ?? null,
      expires_at: expiresIn ? now() + expiresIn : null,
      consumed_at: null,
    };
    await this.db
      .insertInto('oidc_payloads')
      .values(row)
      .onConflict((oc) => oc.columns(['kind', 'id']).doUpdateSet({ payload: row.payload, grant_id: row.grant_id, user_code: row.user_code, uid: row.uid, expires_at: row.expires_at }))
      .execute();
  }

  private async findWhere(column: 'id' | 'user_code' | 'uid', value: string): Promise<AdapterPayload | undefined> {
    const r = await this.db
      .selectFrom('oidc_payloads')
      .select(['payload', 'expires_at', 'consumed_at'])
      .where('kind', '=', this.kind)
      .where(column, '=', value)
      .executeTakeFirst();
    if (!r || (r.expires_at !== null && r.expires_at <= now())) return undefined;
    const payload = JSON.parse(r.payload) as AdapterPayload;
    return r.consumed_at === null ? payload : { ...payload, consumed: r.consumed_at };
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const payload = await this.findWhere('id', this.key(id));
    return payload && this.hashed ? { ...payload, jti: id } : payload;
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code', userCode);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid', uid);
  }

  async consume(id: string): Promise<void> {
    await this.db.updateTable('oidc_payloads').set({ consumed_at: now() }).where('kind', '=', this.kind).where('id', '=', this.key(id)).execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('kind', '=', this.kind).where('id', '=', this.key(id)).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    // Every model shares the table, so one statement drops the whole token family of a grant.
    await this.db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
  }
}

/** Drops rows past their expiry; run periodically so the table does not grow without bound. */
export async function purgeExpired(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('expires_at', '<', now() - 60).execute();
  await db.deleteFrom('upstream_states').where('expires_at', '<', now()).execute();
  await db.deleteFrom('saml_requests').where('expires_at', '<', now()).execute();
  await db.deleteFrom('saml_assertions').where('expires_at', '<', now() - 300).execute();
}
