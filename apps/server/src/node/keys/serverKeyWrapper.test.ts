import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerKeyWrapper } from '@marie/enterprise-agent/node';
import { sqliteTestDatabase, type TestDatabase } from '../db/testDatabases.js';
import { aliceAccessToken, startStack, type Stack } from '../testing/stack.js';

// The agent's KeyWrapper over this server's key service, end to end: every refusal the agent
// acts on (disabled, destroyed, invalid) and everything it must treat as "offline".
describe('ServerKeyWrapper against the key service', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  let token: string;
  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    stack = await startStack(tdb.target);
    token = await aliceAccessToken(stack);
  });
  afterAll(async () => {
    await stack?.close();
    await tdb?.drop();
  });

  const wrapper = (over: { token?: () => Promise<string>; server?: string; deviceId?: string } = {}) =>
    new ServerKeyWrapper({ server: over.server ?? stack.server.url, deviceId: over.deviceId ?? 'dev-wrapper-1', accessToken: over.token ?? (async () => token) });

  it('wraps and unwraps the data key for its device, and reports a blob it did not wrap as invalid', async () => {
    const key = randomBytes(32);
    const wrapped = await wrapper().wrap(key);
    expect(wrapped.kekId).toBe('v1');
    expect(Buffer.from(await wrapper().unwrap(wrapped)).equals(key)).toBe(true);
    // Bound to the device: another device id cannot unwrap it.
    await expect(wrapper({ deviceId: 'dev-other' }).unwrap(wrapped)).rejects.toMatchObject({ name: 'KeyWrapperError', code: 'wrapped-key-invalid' });
    await expect(wrapper().unwrap({ ...wrapped, kekId: 'v9' })).rejects.toMatchObject({ code: 'wrapped-key-invalid' });
  });

  it('treats no session, a refused token, a server error and no server as unreachable (the cache may serve)', async () => {
    const key = randomBytes(32);
    const wrapped = await wrapper().wrap(key);
    await expect(wrapper({ token: () => Promise.reject(new Error('nobody is signed in')) }).unwrap(wrapped)).rejects.toMatchObject({ code: 'kek-unreachable', message: expect.stringMatching(/nobody is signed in/) });
    await expect(wrapper({ token: async () => 'not-a-token' }).unwrap(wrapped)).rejects.toMatchObject({ code: 'kek-unreachable', message: expect.stringMatching(/HTTP 401/) });
    await expect(wrapper({ server: `${stack.server.url}/nowhere` }).unwrap(wrapped)).rejects.toMatchObject({ code: 'kek-unreachable', message: expect.stringMatching(/HTTP 404/) });
    await expect(wrapper({ server: 'http://127.0.0.1:9' }).wrap(key)).rejects.toMatchObject({ code: 'kek-unreachable', message: expect.stringMatching(/cannot be reached/) });
  });

  it('follows the organisation key: disabled refuses, destroyed is final', async () => {
    const wrapped = await wrapper().wrap(randomBytes(32));
    await stack.server.services.keks.setDisabled(stack.org.id, true);
    await expect(wrapper().unwrap(wrapped)).rejects.toMatchObject({ code: 'kek-disabled' });
    await stack.server.services.keks.setDisabled(stack.org.id, false);
    await expect(wrapper().unwrap(wrapped)).resolves.toHaveLength(32);
    await stack.server.services.keks.destroy(stack.org.id);
    await expect(wrapper().unwrap(wrapped)).rejects.toMatchObject({ code: 'kek-destroyed' });
  });
});
