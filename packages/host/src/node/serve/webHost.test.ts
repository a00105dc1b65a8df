import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, RpcClient, workspaceContract, type RpcError } from '@marie/protocol';
import { connectWebSocketNode, WebSocket } from '@marie/protocol/node';
import { createHost, type Host } from '../startHost.js';
import { startWebHost, type RunningWebHost } from './webHost.js';

let host: Host;
let web: RunningWebHost;
let folder: string;
const token = 'test-token-0123456789abcdefghijklmnopqrstuv';

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'marie-web-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><script type="module" src="./assets/app-abc.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  folder = join(dir, 'work');
  mkdirSync(folder);
  writeFileSync(join(folder, 'hello.txt'), 'hello');
  host = await createHost({ roots: [folder], policy: { engine: { env: { MARIE_POLICY_ROOT: join(dir, 'no-policy') }, watch: false } } });
  web = await startWebHost({ host, rendererDir, token });
});

afterEach(async () => {
  await web.close();
  host.dispose();
});

const base = () => `http://127.0.0.1:${web.port}`;

describe('marie serve web host', () => {
  it('prints a loopback URL that carries the token', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${token}`);
  });

  it('refuses the page without the token or with a wrong one', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base()}/assets/app-abc.js`)).status).toBe(401);
  });

  it('serves the page with a strict CSP and a session cookie, then assets by cookie with caching', async () => {
    const page = await fetch(web.url);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await fetch(`${base()}/assets/app-abc.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const res = await fetch(`${base()}${p}?token=${token}`);
      expect(res.status, p).toBe(404);
    }
  });

  it('refuses a foreign Host header (DNS rebinding) and non-GET methods', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: web.port, path: `/?token=${token}`, headers: { host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(421);
    expect((await fetch(web.url, { method: 'POST' })).status).toBe(405);
  });

  it('serves RPC over the socket with the token and refuses a wrong token or Origin', async () => {
    const transport = await connectWebSocketNode(`ws://127.0.0.1:${web.port}/rpc?token=${token}`, { origin: base() });
    const client = new RpcClient(transport);
    const ws = client.getProxy(workspaceContract);
    const roots = await ws.getRoots({});
    expect(roots).toHaveLength(1);
    const file = await ws.read({ path: join(roots[0]!.path, 'hello.txt') });
    expect(file.content).toBe('hello');
    client.dispose();

    await expect(connectWebSocketNode(`ws://127.0.0.1:${web.port}/rpc?token=nope`)).rejects.toThrow(/401/);
    await expect(connectWebSocketNode(`ws://127.0.0.1:${web.port}/rpc?token=${token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('answers malformed and oversized socket messages with errors and keeps the host alive', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${web.port}/rpc?token=${token}`, { origin: base() });
    await new Promise((r) => socket.once('open', r));
    const replies: Array<{ id?: number; e?: { code: string } }> = [];
    socket.on('message', (d) => replies.push(JSON.parse(String(d))));
    socket.send('{{{ not json');
    socket.send(Buffer.from([1, 2, 3]));
    socket.send(`{"t":"req","id":5,"ch":"workspace","m":"write","a":{"path":"/x","content":"${'a'.repeat(65 * 1024 * 1024)}"}}`);
    // Parsing 65 MB takes a while on a loaded machine: wait for the third answer, not a fixed time.
    for (const deadline = Date.now() + 25_000; replies.length < 3 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    expect(replies.map((r) => r.e?.code)).toEqual([ErrorCode.MalformedMessage, ErrorCode.MalformedMessage, ErrorCode.MessageTooLarge]);
    expect(replies[2]!.id).toBe(5);
    socket.close();

    const transport = await connectWebSocketNode(`ws://127.0.0.1:${web.port}/rpc?token=${token}`);
    const client = new RpcClient(transport);
    const err = (await client.getProxy(workspaceContract).read({ path: '/etc/passwd' }).catch((e: unknown) => e)) as RpcError;
    expect(err.code).toBe(ErrorCode.PathOutsideRoot);
    client.dispose();
  }, 40_000);
});
