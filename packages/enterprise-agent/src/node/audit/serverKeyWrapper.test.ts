import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerKeyWrapper } from './serverKeyWrapper.js';

// What sits between the agent and the key service (proxies, gateways) must not decide the key's
// fate: only a status with the key service's own reason is believed. The real key service is
// exercised in apps/server (serverKeyWrapper.test.ts).
describe('ServerKeyWrapper status mapping', () => {
  let server: Server;
  let url: string;
  let answer: { status: number; body: object } = { status: 200, body: {} };
  const seen: { auth?: string; body: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const unwrap = () => new ServerKeyWrapper({ server: url, deviceId: 'dev-1', accessToken: async () => 'the-token' }).unwrap({ kekId: 'v1', blob: 'b' });

  it.each([
    [403, { reason: 'kek-disabled' }, 'kek-disabled'],
    [410, { reason: 'kek-destroyed' }, 'kek-destroyed'],
    [400, { reason: 'wrapped-key-invalid' }, 'wrapped-key-invalid'],
    [410, {}, 'kek-unreachable'],
    [403, { code: 'E_PERMISSION_DENIED', message: 'MFA too old' }, 'kek-unreachable'],
    [410, { reason: 'kek-disabled' }, 'kek-unreachable'],
    [502, { reason: 'kek-destroyed' }, 'kek-unreachable'],
    [429, {}, 'kek-unreachable'],
  ])('HTTP %i %j → %s', async (status, body, code) => {
    answer = { status, body };
    await expect(unwrap()).rejects.toMatchObject({ name: 'KeyWrapperError', code });
  });

  it('sends the bearer and the device, and reads the data key', async () => {
    answer = { status: 200, body: { dataKey: Buffer.alloc(32, 7).toString('base64') } };
    expect(Buffer.from(await unwrap()).equals(Buffer.alloc(32, 7))).toBe(true);
    expect(seen.at(-1)).toEqual({ auth: 'Bearer the-token', body: JSON.stringify({ deviceId: 'dev-1', kekId: 'v1', blob: 'b' }) });
    answer = { status: 200, body: {} };
    await expect(unwrap()).rejects.toMatchObject({ code: 'kek-unreachable' });
  });
});
