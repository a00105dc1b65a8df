import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { aliceAccessToken, startStack } from '../testing/stack.js';
import type { Stack } from '../testing/stack.js';

describe.each(testEngines)('key service API on %s', (_name, create) => {
  let tdb: TestDatabase;
  let stack: Stack;
  let token: string;
  beforeAll(async () => {
    tdb = await create();
    stack = await startStack(tdb.target);
    token = await aliceAccessToken(stack);
  });
  afterAll(async () => {
    await stack?.close();
    await tdb?.drop();
  });

  const post = async (path: string, body: object, bearer = token) => {
    const r = await fetch(`${stack.server.url}/api/v1/keys/${path}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as Record<string, string> };
  };

  it('wraps for an authenticated device, unwraps, and follows disable, rotate and destroy', async () => {
    const dataKey = randomBytes(32).toString('base64');
    const wrapped = await post('wrap', { deviceId: 'laptop-1234', dataKey });
    expect(wrapped).toMatchObject({ status: 200, body: { kekId: 'v1' } });
    const w1 = { kekId: wrapped.body.kekId!, blob: wrapped.body.blob! };
    expect((await post('unwrap', { deviceId: 'laptop-1234', ...w1 })).body.dataKey).toBe(dataKey);
    expect((await post('unwrap', { deviceId: 'laptop-9999', ...w1 })).body).toMatchObject({ code: 'E_INVALID_INPUT', reason: 'wrapped-key-invalid' });
    expect((await post('unwrap', { deviceId: 'laptop-1234', ...w1, kekId: 'v7' })).body).toMatchObject({ reason: 'wrapped-key-invalid' });

    await stack.server.services.keks.rotate(stack.org.id);
    const moved = await post('rewrap', { deviceId: 'laptop-1234', ...w1 });
    expect(moved.body.kekId).toBe('v2');
    const w2 = { kekId: moved.body.kekId!, blob: moved.body.blob! };

    await stack.server.services.keks.setDisabled(stack.org.id, true);
    expect(await post('unwrap', { deviceId: 'laptop-1234', ...w2 })).toMatchObject({ status: 403, body: { reason: 'kek-disabled' } });
    await stack.server.services.keks.setDisabled(stack.org.id, false);

    await stack.server.services.keks.destroy(stack.org.id);
    expect(await post('unwrap', { deviceId: 'laptop-1234', ...w2 })).toMatchObject({ status: 410, body: { reason: 'kek-destroyed' } });
  });

  it('refuses unauthenticated callers and malformed bodies', async () => {
    expect((await post('wrap', { deviceId: 'laptop-1234', dataKey: 'x' }, 'nope')).status).toBe(401);
    expect(await post('wrap', { deviceId: 'laptop-1234' })).toMatchObject({ status: 400, body: { code: 'E_INVALID_INPUT' } });
    expect((await post('wrap', { deviceId: 'laptop-1234', dataKey: 'AA==', extra: 1 })).status).toBe(400);
  });
});
