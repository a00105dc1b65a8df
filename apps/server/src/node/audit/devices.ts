import type { Db } from '../db/connect.js';
import { isEd25519Spki } from './serverCrypto.js';
import { auditDb } from './tables.js';
import type { RegisteredDevice } from './ingest.js';

export type EnrolResult = { ok: true } | { ok: false; status: 400 | 409; message: string };

const DEVICE_ID = /^[\w.-]{1,128}$/;

/**
 * Binds a device id to its Ed25519 key within an organisation, once. Re-enrolling with the
 * same key is a no-op; another key or another organisation for a known id is refused, so a
 * user of one device cannot take over another device's chain.
 */
export async function enrolDevice(db: Db, orgId: string, userId: string, device: string, publicKey: string): Promise<EnrolResult> {
  if (!DEVICE_ID.test(device)) return { ok: false, status: 400, message: 'device must be 1–128 letters, digits, dot, dash or underscore' };
  if (!isEd25519Spki(publicKey)) return { ok: false, status: 400, message: 'publicKey must be an Ed25519 SPKI key, base64url' };
  const k = auditDb(db);
  await k
    .insertInto('audit_devices')
    .values({ device_id: device, org_id: orgId, public_key: publicKey, enrolled_by: userId, created_at: Math.floor(Date.now() / 1000) })
    .onConflict((oc) => oc.column('device_id').doNothing())
    .execute();
  const row = await findDevice(db, device);
  if (!row || row.org_id !== orgId || row.public_key !== publicKey) return { ok: false, status: 409, message: 'this device id is enrolled with another key or organisation' };
  return { ok: true };
}

export async function findDevice(db: Db, device: string): Promise<RegisteredDevice | undefined> {
  return auditDb(db).selectFrom('audit_devices').select(['device_id', 'org_id', 'public_key']).where('device_id', '=', device).executeTakeFirst();
}
