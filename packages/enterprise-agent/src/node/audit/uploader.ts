import { backoffDelay, parseRetryAfter } from './backoff.js';
import type { Ed25519Pair } from './chainCrypto.js';
import { buildIngestRequest } from './ingestRequest.js';
import type { AuditOutbox } from './outbox.js';

export interface UploaderOptions {
  outbox: AuditOutbox;
  key: Ed25519Pair;
  /** The backend's base URL; uploads go to `${server}/api/v1/audit/ingest`. */
  server: string;
  maxBatchEvents?: number;
  maxBatchBytes?: number;
  /** How long to gather events before sending a part-filled batch. */
  flushMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  requestTimeoutMs?: number;
  random?: () => number;
  fetch?: typeof fetch;
  now?: () => number;
  onResult?: (result: UploadResult) => void;
}

export type UploadResult =
  | { kind: 'idle' }
  | { kind: 'acked'; sent: number; ackedSeq: number; full: boolean }
  | { kind: 'retry'; delayMs: number; reason: string };

/**
 * Sends the outbox to the backend in order: batches by size and time, gzip, signed by the
 * device key; deletes locally only what the server acknowledged; retries with exponential
 * backoff and jitter, honouring Retry-After. Stateless across restarts: it resumes from the
 * outbox, and the server de-duplicates whatever was sent but not acknowledged.
 */
export class AuditUploader {
  private attempt = 0;
  private stopped = true;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: UploaderOptions) {}

  /** One upload of the next batch (and the newest checkpoint it covers). */
  async uploadOnce(): Promise<UploadResult> {
    const o = this.options;
    const maxEvents = o.maxBatchEvents ?? 1000;
    const batch = o.outbox.pending({ maxEvents, maxBytes: o.maxBatchBytes ?? 1 << 20 });
    const cp = o.outbox.unsentCheckpoint();
    // A checkpoint goes with the batch that reaches its sequence, so the server never sees it ahead of its events.
    const sendCp = cp && cp.seq <= Math.max(batch.lastSeq, o.outbox.acked) ? cp : null;
    if (batch.records.length === 0 && !sendCp) return { kind: 'idle' };
    const req = await buildIngestRequest(o.outbox.device, o.key, batch.records, sendCp);
    let response: Response;
    try {
      response = await (o.fetch ?? fetch)(`${o.server.replace(/\/$/, '')}/api/v1/audit/ingest`, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(o.requestTimeoutMs ?? 30_000) });
    } catch (e) {
      return this.retry(null, `network: ${(e as Error).message}`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      return this.retry(response.headers.get('retry-after'), `HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    const body = (await response.json().catch(() => null)) as { ackedSeq?: unknown } | null;
    if (!body || typeof body.ackedSeq !== 'number') return this.retry(null, 'the server answered without an acknowledged sequence');
    o.outbox.acknowledge(body.ackedSeq);
    if (sendCp) o.outbox.markCheckpointSent(sendCp);
    this.attempt = 0;
    return { kind: 'acked', sent: batch.records.length, ackedSeq: body.ackedSeq, full: batch.records.length >= maxEvents };
  }

  /** Uploads until `stop()`: immediately while batches are full, otherwise every `flushMs` (batching by time). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let result: UploadResult;
      try {
        result = await this.uploadOnce();
      } catch (e) {
        result = this.retry(null, `local: ${(e as Error).message}`);
      }
      this.options.onResult?.(result);
      if (result.kind === 'acked' && result.full) continue;
      await this.sleep(result.kind === 'retry' ? result.delayMs : (this.options.flushMs ?? 1000));
    }
  }

  private retry(retryAfter: string | null, reason: string): UploadResult {
    const o = this.options;
    const jittered = backoffDelay(this.attempt++, o.backoffBaseMs ?? 500, o.backoffMaxMs ?? 60_000, o.random);
    const asked = parseRetryAfter(retryAfter, (o.now ?? Date.now)());
    // The server's Retry-After is a floor; jitter stays on top so devices do not return in step.
    return { kind: 'retry', delayMs: asked === null ? jittered : asked + Math.floor(jittered / 4), reason };
  }

  // Woken early only by stop().
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
