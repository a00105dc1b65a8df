import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { now } from '../store/errors.js';
import type { KeyProvider } from './keyProvider.js';

/** Spelled as the agent's KeyWrapperErrorCode, so it maps a refusal without a table. */
export type KekRefusal = 'kek-disabled' | 'kek-destroyed' | 'wrapped-key-invalid' | 'bad-input';

/** A refused key operation; `reason` lets an agent tell "locked for now" from "gone for good". */
export class KekError extends Error {
  override name = 'KekError';
  constructor(
    readonly reason: KekRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface KekStatus {
  status: 'active' | 'disabled' | 'destroyed';
  activeVersion: number | undefined;
  versions: number[];
}

const FORMAT = 'mkek1';

/** The agent's `kekId` for a wrapped key: the KEK version it was wrapped under. */
export function kekIdOf(wrapped: string): string | undefined {
  const v = wrapped.split('.')[1];
  return v && /^\d+$/.test(v) ? `v${v}` : undefined;
}
const DEVICE_ID = /^[A-Za-z0-9._-]{8,128}$/;
const kekContext = (orgId: string, version: number) => `org_keks:${orgId}:${version}`;
// The wrapped data key is bound to its org, device and KEK version: moving it anywhere fails.
const dekAad = (orgId: string, deviceId: string, version: number) => Buffer.from(`${FORMAT}|org:${orgId}|device:${deviceId}|v:${version}`);

/**
 * Customer-managed keys: each org has versioned KEKs; the server wraps and unwraps device data
 * keys (envelope encryption). Rotation adds a version and rewraps on demand (data is never
 * re-encrypted); disabling refuses unwraps; destroying deletes every version (crypto-shredding).
 */
export class KekService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly provider: KeyProvider,
  ) {}

  async status(orgId: string): Promise<KekStatus> {
    const org = await this.db.selectFrom('orgs').select('kek_status').where('id', '=', orgId).executeTakeFirstOrThrow();
    const versions = (await this.db.selectFrom('org_keks').select(['version', 'kek_wrapped']).where('org_id', '=', orgId).orderBy('version').execute()).filter((r) => r.kek_wrapped !== null).map((r) => r.version);
    return { status: org.kek_status, activeVersion: versions.at(-1), versions };
  }

  private async usable(orgId: string): Promise<void> {
    const { kek_status } = await this.db.selectFrom('orgs').select('kek_status').where('id', '=', orgId).executeTakeFirstOrThrow();
    if (kek_status === 'destroyed') throw new KekError('kek-destroyed', "the organisation's key was destroyed; data protected by it can never be read again");
    if (kek_status === 'disabled') throw new KekError('kek-disabled', "the organisation's key is disabled by an administrator; key operations are refused");
  }

  private async kek(orgId: string, version: number): Promise<Buffer> {
    const row = await this.db.selectFrom('org_keks').select('kek_wrapped').where('org_id', '=', orgId).where('version', '=', version).executeTakeFirst();
    if (!row?.kek_wrapped) throw new KekError('wrapped-key-invalid', `key version ${version} does not exist for this organisation`);
    return this.provider.unwrapKek(row.kek_wrapped, kekContext(orgId, version));
  }

  /** Adds a new KEK version, which wraps from now on (the first call creates version 1). */
  async rotate(orgId: string): Promise<number> {
    await this.usable(orgId);
    const last = await this.db.selectFrom('org_keks').select('version').where('org_id', '=', orgId).orderBy('version', 'desc').executeTakeFirst();
    const version = (last?.version ?? 0) + 1;
    const wrapped = await this.provider.wrapKek(randomBytes(32), kekContext(orgId, version));
    await this.db.insertInto('org_keks').values({ org_id: orgId, version, provider: this.provider.name, kek_wrapped: wrapped, created_at: now() }).execute();
    return version;
  }

  private async activeVersion(orgId: string): Promise<number> {
    const { activeVersion } = await this.status(orgId);
    return activeVersion ?? (await this.rotate(orgId));
  }

  async wrap(orgId: string, deviceId: string, dataKey: Buffer): Promise<{ wrapped: string; version: number }> {
    if (!DEVICE_ID.test(deviceId)) throw new KekError('bad-input', 'deviceId must be 8–128 letters, digits, dots, dashes or underscores');
    if (dataKey.length !== 32) throw new KekError('bad-input', 'the data key must be 32 bytes');
    await this.usable(orgId);
    const version = await this.activeVersion(orgId);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.kek(orgId, version), iv);
    cipher.setAAD(dekAad(orgId, deviceId, version));
    const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { wrapped: [FORMAT, String(version), iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.'), version };
  }

  async unwrap(orgId: string, deviceId: string, wrapped: string): Promise<Buffer> {
    await this.usable(orgId);
    const parts = wrapped.split('.');
    const version = Number(parts[1]);
    if (parts.length !== 5 || parts[0] !== FORMAT || !Number.isInteger(version)) throw new KekError('wrapped-key-invalid', 'the wrapped key is malformed');
    const [, , iv, ct, tag] = parts as [string, string, string, string, string];
    const kek = await this.kek(orgId, version);
    try {
      // authTagLength pins 16 bytes: GCM would otherwise accept a truncated (weaker) tag.
      const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
      decipher.setAAD(dekAad(orgId, deviceId, version));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]);
    } catch {
      throw new KekError('wrapped-key-invalid', 'the wrapped key does not open: it was altered, or belongs to another device or organisation');
    }
  }

  /** Re-wraps under the active version after a rotation; the data key itself is unchanged. */
  async rewrap(orgId: string, deviceId: string, wrapped: string): Promise<{ wrapped: string; version: number }> {
    return this.wrap(orgId, deviceId, await this.unwrap(orgId, deviceId, wrapped));
  }

  async setDisabled(orgId: string, disabled: boolean): Promise<void> {
    await this.db
      .updateTable('orgs')
      .set({ kek_status: disabled ? 'disabled' : 'active' })
      .where('id', '=', orgId)
      .where('kek_status', '!=', 'destroyed')
      .execute();
    if (!disabled) await this.usable(orgId);
  }

  /** Irreversible: the KEK ciphertexts are deleted, so no wrapped data key can ever open again. */
  async destroy(orgId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('org_keks').set({ kek_wrapped: null }).where('org_id', '=', orgId).execute();
      await trx.updateTable('orgs').set({ kek_status: 'destroyed' }).where('id', '=', orgId).execute();
    });
  }
}
