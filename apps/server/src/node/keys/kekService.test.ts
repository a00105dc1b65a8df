import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { testEngines } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { createServices } from '../services.js';
import type { Services } from '../services.js';
import { KekError } from './kekService.js';

describe.each(testEngines)('KEK service on %s', (_name, create) => {
  let tdb: TestDatabase;
  let s: Services;
  let orgId: string;
  const device = 'device-0001';
  const dek = randomBytes(32);
  beforeEach(async () => {
    tdb = await create();
    const db = openDb(tdb.target);
    await migrate(db);
    s = createServices(db, randomBytes(32));
    orgId = (await s.orgs.create({ slug: 'acme', name: 'Acme' })).id;
  });
  afterEach(async () => {
    await s.db.close();
    await tdb.drop();
  });

  const refusal = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof KekError ? e.reason : String(e)));

  it('wraps and unwraps a device data key, bound to org and device', async () => {
    const { wrapped, version } = await s.keks.wrap(orgId, device, dek);
    expect(version).toBe(1);
    expect(await s.keks.unwrap(orgId, device, wrapped)).toEqual(dek);
    expect(await refusal(s.keks.unwrap(orgId, 'device-0002', wrapped))).toBe('wrapped-key-invalid');
    const other = (await s.orgs.create({ slug: 'other', name: 'Other' })).id;
    await s.keks.rotate(other);
    expect(await refusal(s.keks.unwrap(other, device, wrapped))).toBe('wrapped-key-invalid');
    const kekRow = await s.db.kysely.selectFrom('org_keks').select('kek_wrapped').where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(kekRow.kek_wrapped).toMatch(/^v1\./);
  });

  it('refuses tampered or malformed wrapped keys', async () => {
    const { wrapped } = await s.keks.wrap(orgId, device, dek);
    const parts = wrapped.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0]! ^= 0x80;
    parts[3] = ct.toString('base64url');
    expect(await refusal(s.keks.unwrap(orgId, device, parts.join('.')))).toBe('wrapped-key-invalid');
    expect(await refusal(s.keks.unwrap(orgId, device, wrapped.slice(0, -4)))).toBe('wrapped-key-invalid');
    expect(await refusal(s.keks.unwrap(orgId, device, 'garbage'))).toBe('wrapped-key-invalid');
    expect(await refusal(s.keks.wrap(orgId, device, randomBytes(16)))).toBe('bad-input');
  });

  it('rotates without re-encrypting data: old wrappings still open and rewrap moves them forward', async () => {
    const old = await s.keks.wrap(orgId, device, dek);
    expect(await s.keks.rotate(orgId)).toBe(2);
    expect(await s.keks.unwrap(orgId, device, old.wrapped)).toEqual(dek);
    const moved = await s.keks.rewrap(orgId, device, old.wrapped);
    expect(moved.version).toBe(2);
    expect(await s.keks.unwrap(orgId, device, moved.wrapped)).toEqual(dek);
    expect(await s.keks.status(orgId)).toEqual({ status: 'active', activeVersion: 2, versions: [1, 2] });
  });

  it('refuses every operation while disabled and resumes when enabled', async () => {
    const { wrapped } = await s.keks.wrap(orgId, device, dek);
    await s.keks.setDisabled(orgId, true);
    expect(await refusal(s.keks.unwrap(orgId, device, wrapped))).toBe('kek-disabled');
    expect(await refusal(s.keks.wrap(orgId, device, dek))).toBe('kek-disabled');
    await s.keks.setDisabled(orgId, false);
    expect(await s.keks.unwrap(orgId, device, wrapped)).toEqual(dek);
  });

  it('crypto-shreds on destroy: key material deleted, nothing opens, no way back', async () => {
    const { wrapped } = await s.keks.wrap(orgId, device, dek);
    await s.keks.rotate(orgId);
    await s.keks.destroy(orgId);
    const rows = await s.db.kysely.selectFrom('org_keks').select('kek_wrapped').where('org_id', '=', orgId).execute();
    expect(rows.every((r) => r.kek_wrapped === null)).toBe(true);
    expect(await refusal(s.keks.unwrap(orgId, device, wrapped))).toBe('kek-destroyed');
    await s.keks.setDisabled(orgId, false).catch(() => undefined);
    expect((await s.keks.status(orgId)).status).toBe('destroyed');
    expect(await refusal(s.keks.rotate(orgId))).toBe('kek-destroyed');
  });

  it('needs the right master key to use a stored KEK', async () => {
    const { wrapped } = await s.keks.wrap(orgId, device, dek);
    const other = createServices(s.db, randomBytes(32));
    await expect(other.keks.unwrap(orgId, device, wrapped)).rejects.toThrow(/wrong master key or tampered/);
  });
});
