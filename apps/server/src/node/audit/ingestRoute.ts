import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { ingestSigningText } from '@marie/enterprise-agent';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.js';
import { findDevice } from './devices.js';
import { IngestGate } from './ingestGate.js';
import { ingestBatch } from './ingest.js';
import { parseBatch } from './parseBatch.js';
import { sha256Hex, verifyEd25519 } from './serverCrypto.js';

const gunzipAsync = promisify(gunzip);

// A full batch (10,000 records) compresses to about 1 MiB; the queue below holds at most this per request.
const MAX_COMPRESSED = 4 << 20;
// Bounds a decompression bomb: a batch is at most 10,000 records of a few KiB.
const MAX_JSON = 64 << 20;

export interface IngestLimits {
  /** Ingests running at once on this replica (each holds a database connection). */
  maxConcurrent: number;
  /** Uploads waiting for a slot; beyond it, 429 with Retry-After. */
  maxQueued: number;
}

function deny(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ code, message });
}

/**
 * `POST /api/v1/audit/ingest`: a gzip JSON batch signed by the device key (headers
 * x-marie-device, x-marie-signature over sha256 of the exact body). Answers the highest
 * acknowledged sequence; 429 + Retry-After when this replica is saturated. An agent keeps
 * several uploads in flight: each after the first names its predecessor's last sequence in
 * x-marie-after and is stored only after it (409 E_AUDIT_NOT_YET when that one never came).
 */
export function registerIngestRoute(app: FastifyInstance, services: Services, limits: IngestLimits): void {
  const gate = new IngestGate(limits.maxConcurrent, limits.maxQueued);
  void app.register(async (scope) => {
    // The raw bytes are needed: the signature covers them, and they are gzip.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_COMPRESSED }, (_req, body, done) => done(null, body));
    scope.post('/api/v1/audit/ingest', async (request: FastifyRequest, reply) => {
      let release = await gate.enter();
      if (!release) return reply.code(429).header('retry-after', '1').send({ code: 'E_BUSY', message: 'too many uploads at once; retry' });
      // A pipelined upload waiting for its predecessor gives its slot up meanwhile: that one may
      // be queued behind it, and slots held by waiting uploads would stall the replica.
      const pause = async (ms: number) => {
        release?.();
        release = null;
        await new Promise((r) => setTimeout(r, ms));
        while (!(release = await gate.enter())) await new Promise((r) => setTimeout(r, ms));
      };
      try {
        return await handle(request, reply, services, pause);
      } finally {
        release?.();
      }
    });
  });
}

async function handle(request: FastifyRequest, reply: FastifyReply, services: Services, pause: (ms: number) => Promise<void>) {
  const device = request.headers['x-marie-device'];
  const signature = request.headers['x-marie-signature'];
  const raw = request.body;
  if (typeof device !== 'string' || typeof signature !== 'string' || !Buffer.isBuffer(raw)) return deny(reply, 401, 'E_UNAUTHORIZED', 'a device id and signature are required');
  const registered = await findDevice(services.db, device);
  // One answer for "unknown" and "bad signature", so the endpoint does not list enrolled devices.
  if (!registered || !verifyEd25519(registered.public_key, ingestSigningText(device, sha256Hex(raw)), signature)) {
    return deny(reply, 401, 'E_DEVICE_UNKNOWN', 'the device is not enrolled or the signature does not verify');
  }
  let value: unknown;
  try {
    const json = request.headers['content-encoding'] === 'gzip' ? await gunzipAsync(raw, { maxOutputLength: MAX_JSON }) : raw;
    value = JSON.parse(json.toString('utf8'));
  } catch {
    return deny(reply, 400, 'E_INVALID_INPUT', 'the body is not gzip JSON within the size limit');
  }
  const batch = parseBatch(value, device);
  if (typeof batch === 'string') return deny(reply, 400, 'E_INVALID_INPUT', batch);
  const after = request.headers['x-marie-after'];
  if (after !== undefined) {
    // Not covered by the signature: a forged value can only make this upload wait, then be refused.
    if (typeof after !== 'string' || !/^\d{1,15}$/.test(after)) return deny(reply, 400, 'E_INVALID_INPUT', 'x-marie-after must be a sequence number');
    batch.after = Number(after);
  }
  const result = await ingestBatch(services.db, registered, batch, Date.now, pause);
  if (!result) return deny(reply, 409, 'E_AUDIT_NOT_YET', `the upload ending at ${after} has not been stored yet; send this one again after it`);
  if (result.alerts) request.log.warn({ device, alerts: result.alerts }, 'audit continuity alerts raised');
  return result;
}
