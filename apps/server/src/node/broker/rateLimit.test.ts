import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTestDatabase } from '../db/testDatabases.js';
import type { TestDatabase } from '../db/testDatabases.js';
import { startStack } from '../testing/stack.js';
import type { Stack } from '../testing/stack.js';

describe('rate limits on the token and device endpoints', () => {
  let tdb: TestDatabase;
  let stack: Stack;
  beforeAll(async () => {
    tdb = sqliteTestDatabase();
    stack = await startStack(tdb.target, {}, 3);
  });
  afterAll(async () => {
    await stack?.close();
    await tdb?.drop();
  });

  it('answers 429 with Retry-After once a client exceeds the limit', async () => {
    const post = (path: string) =>
      fetch(`${stack.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=guess&client_id=marie-desktop' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('/token')).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    const limited = await post('/token');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Without --trust-proxy a forged X-Forwarded-For does not buy a fresh bucket.
    const spoofed = await fetch(`${stack.server.url}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.9' }, body: 'grant_type=refresh_token&refresh_token=guess&client_id=marie-desktop' });
    expect(spoofed.status).toBe(429);
    // Separate bucket: the device endpoint still answers.
    expect((await post('/device/auth')).status).not.toBe(429);
    // Discovery and health are never limited.
    expect((await fetch(`${stack.server.url}/healthz`)).status).toBe(200);
  });
});
