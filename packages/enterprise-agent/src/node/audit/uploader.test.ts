import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEncryptedDatabase } from '../localStore/encryptedDatabase.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { generateEd25519, nodeChainCrypto } from './chainCrypto.js';
import { ingestSigningInput } from './ingestRequest.js';
import { AuditOutbox } from './outbox.js';
import { AuditUploader } from './uploader.js';

type Reply = { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number };

describe('AuditUploader against a real HTTP server', () => {
  let server: Server;
  let url: string;
  const replies: Reply[] = [];
  // Answers for the upload that starts at a given sequence: parallel uploads may reach the server in either order.
  const repliesByFirstSeq = new Map<number, Reply>();
  const received: { device: string; events: { seq: number }[]; signatureOk: boolean; after: string | undefined; at: number }[] = [];
  // When each answer was sent, by the first sequence of its upload.
  const answered = new Map<number, number>();
  // Refuses uploads that name a predecessor, as the server does when that one never arrived.
  let refusePipelined = false;
  const key = generateEd25519();

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const device = String(req.headers['x-marie-device']);
        const body = JSON.parse(gunzipSync(raw).toString()) as { events: { seq: number }[] };
        const after = req.headers['x-marie-after'] as string | undefined;
        received.push({ device, events: body.events, signatureOk: nodeChainCrypto.verifyEd25519(key.publicKey, ingestSigningInput(device, raw), String(req.headers['x-marie-signature'])), after, at: performance.now() });
        const refused: Reply | undefined = refusePipelined && after !== undefined ? { status: 409, body: { code: 'E_AUDIT_NOT_YET' } } : undefined;
        const first = body.events[0]?.seq ?? 0;
        const byFirst = repliesByFirstSeq.get(first);
        repliesByFirstSeq.delete(first);
        const r = refused ?? byFirst ?? replies.shift() ?? { status: 200, body: { ackedSeq: Math.max(0, ...body.events.map((e) => e.seq)) } };
        setTimeout(() => {
          answered.set(first, performance.now());
          res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers }).end(JSON.stringify(r.body ?? {}));
        }, r.delayMs ?? 0);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const outbox = () => {
    const db = openEncryptedDatabase(join(mkdtempSync(join(tmpdir(), 'marie-up-')), 'o.db'), Buffer.alloc(32, 1), { create: true });
    return AuditOutbox.open({ run: (fn) => fn(db), device: 'dev-up', maxBytes: 1 << 24 });
  };

  it('sends signed gzip batches in order and deletes only what was acknowledged', async () => {
    const o = outbox();
    for (let i = 0; i < 25; i++) o.append({ action: 'git.push', target: `r${i}`, outcome: 'success' }, 'full');
    const up = new AuditUploader({ outbox: o, key, server: url, maxBatchEvents: 10, pipeline: 1 });
    received.length = 0;
    // The server stores the batch but acknowledges only up to 4 (say, a gap it is waiting on).
    replies.push({ status: 200, body: { ackedSeq: 4 } });
    expect(await up.uploadOnce()).toMatchObject({ kind: 'acked', sent: 10, ackedSeq: 4 });
    expect(o.status()).toMatchObject({ ackedSeq: 4, pendingEvents: 21 });
    while ((await up.uploadOnce()).kind !== 'idle');
    expect(received.every((r) => r.signatureOk && r.device === 'dev-up')).toBe(true);
    expect(received.map((r) => r.events[0]!.seq)).toEqual([1, 5, 15, 25]);
    expect(o.status()).toMatchObject({ ackedSeq: 25, pendingEvents: 0 });
  });

  it('keeps two uploads in flight, the second naming the first; a refused second goes again', async () => {
    const o = outbox();
    for (let i = 0; i < 25; i++) o.append({ action: 'git.push', target: `r${i}`, outcome: 'success' }, 'full');
    const up = new AuditUploader({ outbox: o, key, server: url, maxBatchEvents: 10, pipeline: 2 });
    received.length = 0;
    refusePipelined = true;
    // The first answer comes after the refusal, so the round sends nothing more after it.
    replies.push({ status: 200, body: { ackedSeq: 10 }, delayMs: 50 });
    expect(await up.uploadOnce()).toMatchObject({ kind: 'acked', sent: 10, ackedSeq: 10, full: true });
    refusePipelined = false;
    expect(await up.uploadOnce()).toMatchObject({ kind: 'acked', sent: 15, ackedSeq: 25, full: false });
    expect(received.map((r) => [r.events[0]!.seq, r.events.length, r.after]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
      [1, 10, undefined],
      [11, 10, '10'],
      [11, 10, undefined],
      [21, 5, '20'],
    ]);
    expect(o.status()).toMatchObject({ ackedSeq: 25, pendingEvents: 0 });
    expect(await up.uploadOnce()).toEqual({ kind: 'idle' });
  });

  it('sends the next batch as soon as one is acknowledged (a sliding window), never more than `pipeline` at once', async () => {
    const o = outbox();
    for (let i = 0; i < 50; i++) o.append({ action: 'git.push', target: `r${i}`, outcome: 'success' }, 'full');
    const up = new AuditUploader({ outbox: o, key, server: url, maxBatchEvents: 10, pipeline: 2 });
    received.length = 0;
    answered.clear();
    // The second upload is answered slowly: the third must not wait for it.
    repliesByFirstSeq.set(1, { status: 200, body: { ackedSeq: 10 } }).set(11, { status: 200, body: { ackedSeq: 20 }, delayMs: 150 });
    // One round; the last batch is full, so the uploader looks again at once.
    expect(await up.uploadOnce()).toMatchObject({ kind: 'acked', sent: 50, ackedSeq: 50, full: true });
    const bySeq = [...received].sort((x, y) => x.events[0]!.seq - y.events[0]!.seq);
    expect(bySeq.map((r) => [r.events[0]!.seq, r.after])).toEqual([
      [1, undefined],
      [11, '10'],
      [21, '20'],
      [31, '30'],
      [41, '40'],
    ]);
    expect(bySeq[2]!.at).toBeLessThan(answered.get(11)!);
    // At most two in flight: when each upload arrived, at most one other had arrived and was still unanswered.
    const unanswered = received.map((r) => received.filter((p) => p !== r && p.at <= r.at && answered.get(p.events[0]!.seq)! > r.at).length);
    expect(Math.max(...unanswered)).toBe(1);
    expect(o.status()).toMatchObject({ ackedSeq: 50, pendingEvents: 0 });
    expect(await up.uploadOnce()).toEqual({ kind: 'idle' });
  });

  it('honours Retry-After, backs off with jitter on errors, and keeps the events', async () => {
    const o = outbox();
    o.append({ action: 'git.push', target: 'r', outcome: 'success' }, 'full');
    const up = new AuditUploader({ outbox: o, key, server: url, backoffBaseMs: 100, backoffMaxMs: 1000, random: () => 0.999 });
    replies.push({ status: 429, headers: { 'retry-after': '7' } }, { status: 503 }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const first = await up.uploadOnce();
    expect(first.kind).toBe('retry');
    const d = (first as { delayMs: number }).delayMs;
    expect(d).toBeGreaterThanOrEqual(7000);
    expect(d).toBeLessThan(7000 + 1000 / 4);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) delays.push((await up.uploadOnce() as { delayMs: number }).delayMs);
    // 100·2^n with full jitter near its ceiling, capped at 1000.
    expect(delays).toEqual([199, 399, 799, 999, 999]);
    expect(o.status().pendingEvents).toBe(1);
    expect(await up.uploadOnce()).toMatchObject({ kind: 'acked', ackedSeq: 1 });
  });

  it('treats an unreachable server as a retry, not an error', async () => {
    const o = outbox();
    o.append({ action: 'git.push', target: 'r', outcome: 'success' }, 'full');
    const up = new AuditUploader({ outbox: o, key, server: 'http://127.0.0.1:1', random: () => 0.5 });
    expect(await up.uploadOnce()).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^network/) });
  });
});

describe('backoff', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('draws the delay uniformly below an exponentially growing, capped ceiling', () => {
    expect(backoffDelay(0, 500, 60_000, () => 0.5)).toBe(250);
    expect(backoffDelay(3, 500, 60_000, () => 0.5)).toBe(2000);
    expect(backoffDelay(40, 500, 60_000, () => 0.5)).toBe(30_000);
    expect(backoffDelay(3, 500, 60_000, () => 0)).toBe(0);
  });
});
