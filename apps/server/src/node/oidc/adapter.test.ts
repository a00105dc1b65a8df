import { describe, expect, it } from 'vitest';
import { migratedDatabasePerTest } from '../db/migratedDatabasePerTest.js';
import { testEngines } from '../db/testDatabases.js';
import { KyselyAdapter } from './adapter.js';

describe.each(testEngines)('oidc-provider adapter on %s', (_name, create) => {
  const database = migratedDatabasePerTest(create);

  it('keeps refresh token values out of the table and still finds them', async () => {
    const rt = new KyselyAdapter(database.current().kysely, 'RefreshToken');
    await rt.upsert('secret-token-value', { jti: 'secret-token-value', grantId: 'g1', kind: 'RefreshToken' }, 60);
    const rows = await database.current().kysely.selectFrom('oidc_payloads').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('secret-token-value');
    expect(await rt.find('secret-token-value')).toMatchObject({ jti: 'secret-token-value', grantId: 'g1' });
    await rt.consume('secret-token-value');
    expect((await rt.find('secret-token-value'))?.consumed).toBeGreaterThan(0);
  });

  it('finds sessions by uid and device codes by user code, expires rows, revokes a grant family', async () => {
    const sessions = new KyselyAdapter(database.current().kysely, 'Session');
    await sessions.upsert('s1', { jti: 's1', uid: 'u1' }, 60);
    expect(await sessions.findByUid('u1')).toMatchObject({ jti: 's1' });
    const codes = new KyselyAdapter(database.current().kysely, 'DeviceCode');
    await codes.upsert('d1', { jti: 'd1', userCode: 'ABCD-EFGH', grantId: 'g2' }, 60);
    expect(await codes.findByUserCode('ABCD-EFGH')).toMatchObject({ jti: 'd1' });
    await sessions.upsert('s2', { jti: 's2' }, -1);
    expect(await sessions.find('s2')).toBeUndefined();
    const rt = new KyselyAdapter(database.current().kysely, 'RefreshToken');
    await rt.upsert('r2', { jti: 'r2', grantId: 'g2' }, 60);
    await rt.revokeByGrantId('g2');
    expect(await rt.find('r2')).toBeUndefined();
    expect(await codes.find('d1')).toBeUndefined();
  });
});
