import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../db/testDatabases.js';
import type { Stack } from '../../testing/stack.js';
import { drain, startAuditStack, startTestAgent, type AuditStack } from '../auditTestAgent.js';
import { SiemForwarder } from './forwarder.js';
import { SyslogSink, WebhookSink } from './sinks.js';

/** Parses RFC 6587 octet-counted frames out of a byte stream. */
function frames(data: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = Number(data.subarray(at, space).toString());
    out.push(data.subarray(space + 1, space + 1 + len).toString('utf8'));
    at = space + 1 + len;
  }
  return out;
}

async function listen(server: Server | HttpServer): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe.each(testEngines)('SIEM forwarding on %s', (_engine, create) => {
  let audit: AuditStack;
  let stack: Stack;
  let token: string;
  beforeAll(async () => {
    audit = await startAuditStack(create);
    ({ stack, alice: token } = audit);
  });
  afterAll(() => audit?.close());

  it('streams RFC 5424 over TCP at least once, resuming where delivery failed', async () => {
    const a = await startTestAgent(stack.server.url, token);
    for (let i = 0; i < 30; i++) a.outbox.append({ action: i === 3 ? 'policy.violation' : 'git.push', target: `r${i}`, outcome: i === 3 ? 'denied' : 'success', actor: { sub: 's', email: 'alice@acme.test' } }, 'full');
    await drain(a);
    let received = Buffer.alloc(0);
    const sockets = new Set<Socket>();
    const tcp = createTcpServer((s) => (sockets.add(s), s.on('data', (d: Buffer) => (received = Buffer.concat([received, d])))));
    const port = await listen(tcp);
    const sink = new SyslogSink(new URL(`tcp://127.0.0.1:${port}`), undefined, 'marie-test');
    const forwarder = new SiemForwarder(stack.server.services.db, [sink], { batch: 7 });
    expect(await forwarder.forwardOnce(sink)).toBeGreaterThanOrEqual(30);
    await new Promise((r) => setTimeout(r, 100));
    const mine = frames(received).filter((f) => f.includes(a.device));
    expect(mine).toHaveLength(30);
    expect(mine[3]).toMatch(/^<108>1 \S+Z marie-test marieide - policy.violation \[marie@32473 org="acme" device="[^"]+" seq="4" outcome="denied" actor="alice@acme.test" hash="[0-9a-f]{64}"\] \uFEFF\{/);
    expect(mine[0]).toMatch(/^<109>1 /);
    // Nothing new: nothing sent again.
    expect(await forwarder.forwardOnce(sink)).toBe(0);
    // The collector goes away: delivery fails, and the next events wait for it.
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => tcp.close(r));
    for (let i = 0; i < 5; i++) a.outbox.append({ action: 'git.push', target: `late${i}`, outcome: 'success' }, 'full');
    await drain(a);
    await expect(forwarder.forwardOnce(sink).then(() => forwarder.forwardOnce(sink))).rejects.toThrow(/syslog/);
    received = Buffer.alloc(0);
    const again = createTcpServer((s) => (sockets.add(s), s.on('data', (d: Buffer) => (received = Buffer.concat([received, d])))));
    await new Promise<void>((r) => again.listen(port, '127.0.0.1', r));
    await forwarder.forwardOnce(sink);
    await new Promise((r) => setTimeout(r, 100));
    const seqs = frames(received).filter((f) => f.includes(a.device)).map((f) => Number(/seq="(\d+)"/.exec(f)![1]));
    // At least once: 31–35 arrive (one batch may be repeated), nothing is skipped.
    expect([...new Set(seqs)].sort((x, y) => x - y)).toEqual([31, 32, 33, 34, 35]);
    forwarder.stop();
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => again.close(r));
  });

  it('streams over TLS with a private CA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marie-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    let received = Buffer.alloc(0);
    const tls = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (s) => s.on('data', (d: Buffer) => (received = Buffer.concat([received, d]))));
    const port = await listen(tls as unknown as Server);
    const a = await startTestAgent(stack.server.url, token);
    a.outbox.append({ action: 'auth.signin', target: 'alice', outcome: 'success' }, 'security');
    await drain(a);
    const untrusted = new SyslogSink(new URL(`tls://127.0.0.1:${port}`), undefined, 'h');
    await expect(new SiemForwarder(stack.server.services.db, [untrusted]).forwardOnce(untrusted)).rejects.toThrow(/self-signed|certificate/);
    untrusted.close();
    const sink = new SyslogSink(new URL(`tls://127.0.0.1:${port}`), join(dir, 'cert.pem'), 'h');
    await new SiemForwarder(stack.server.services.db, [sink]).forwardOnce(sink);
    await new Promise((r) => setTimeout(r, 200));
    expect(frames(received).filter((f) => f.includes(a.device))).toHaveLength(1);
    sink.close();
    await new Promise((r) => tls.close(r));
  });

  it('posts HMAC-signed batches to a webhook and retries on failure, honouring Retry-After', async () => {
    const a = await startTestAgent(stack.server.url, token);
    for (let i = 0; i < 12; i++) a.outbox.append({ action: 'file.export', target: `f${i}`, outcome: 'success' }, 'full');
    await drain(a);
    const bodies: { events: { device: string; seq: number }[] }[] = [];
    const statuses = [503];
    const http = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const status = statuses.shift() ?? 200;
        const good = req.headers['x-marie-signature'] === `sha256=${createHmac('sha256', 'a-webhook-secret-1234').update(body).digest('hex')}`;
        if (status === 200 && good) bodies.push(JSON.parse(body) as (typeof bodies)[number]);
        res.writeHead(good ? status : 401, status === 503 ? { 'retry-after': '9' } : {}).end();
      });
    });
    const port = await listen(http);
    const sink = new WebhookSink(new URL(`http://127.0.0.1:${port}/hook`), 'a-webhook-secret-1234');
    const forwarder = new SiemForwarder(stack.server.services.db, [sink], { batch: 5 });
    await expect(forwarder.forwardOnce(sink)).rejects.toMatchObject({ retryAfterMs: 9000 });
    await forwarder.forwardOnce(sink);
    const seqs = bodies.flatMap((b) => b.events).filter((e) => e.device === a.device).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await new Promise((r) => http.close(r));
  });
});
