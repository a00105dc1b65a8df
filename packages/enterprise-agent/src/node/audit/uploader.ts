import type { AuditCheckpoint } from '../../common/audit/record.js';
import { backendUrl } from './backendUrl.js';
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
  /**
   * Uploads in flight at once (default 3): the next batches travel and are checked while the
   * server stores the one before them, and each acknowledgement lets the next batch go (a
   * sliding window, not rounds of three). Each after the first names its predecessor's last
   * sequence (x-marie-after), so the server stores them in order. Each takes an ingest slot.
   */
  pipeline?: number;
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

interface Batch {
  records: string[];
  lastSeq: number;
  /** The last sequence of the batch sent before this one in the same round; null for the first. */
  after: number | null;
  checkpoint: AuditCheckpoint | null;
}

interface Failure {
  retryAfter: string | null;
  reason: string;
}

const AFTER_HEADER = 'x-marie-after';

// A round sends at most this many windows of batches, so uploadOnce returns now and then
// (results are reported, stop() is not kept waiting) even while the outbox keeps filling.
const ROUND_WINDOWS = 4;

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

  /**
   * One round of uploads: up to `pipeline` in flight at once, and as each is acknowledged in
   * full the next batch goes out (a sliding window), up to ROUND_WINDOWS windows a round. The
   * newest checkpoint goes with the batch that reaches it. The round stops refilling at the
   * first failure or partial acknowledgement; what is not acknowledged goes again next round.
   */
  async uploadOnce(): Promise<UploadResult> {
    const o = this.options;
    const maxEvents = o.maxBatchEvents ?? 1000;
    const window = o.pipeline ?? 3;
    const acked = o.outbox.acked;
    const cp = o.outbox.unsentCheckpoint();
    const batches: Batch[] = [];
    let taken = acked;
    let stop = false;
    const nextBatch = (): Batch | null => {
      if (stop || batches.length >= window * ROUND_WINDOWS) return null;
      const b = o.outbox.pending({ afterSeq: taken, maxEvents, maxBytes: o.maxBatchBytes ?? 1 << 20 });
      const first = batches.length === 0;
      // A checkpoint goes with the batch that reaches its sequence, so the server never sees it ahead of its events.
      const carries = cp !== null && !batches.some((x) => x.checkpoint) && (cp.seq <= acked ? first : cp.seq <= b.lastSeq);
      if (b.records.length === 0 && !(carries && first)) return null;
      const batch: Batch = { ...b, after: first ? null : taken, checkpoint: carries ? cp : null };
      batches.push(batch);
      taken = b.lastSeq;
      return batch;
    };
    const answers = new Map<Batch, number | Failure>();
    const lane = async () => {
      for (let b = nextBatch(); b; b = nextBatch()) {
        const answer = await this.send(b);
        answers.set(b, answer);
        // At once, not after the round: deleting this batch's rows overlaps the server's work on the next.
        if (typeof answer === 'number') o.outbox.acknowledge(answer);
        // A later batch refused for its predecessor's sake just goes again next round.
        if (typeof answer !== 'number' || answer < b.lastSeq) stop = true;
      }
    };
    await Promise.all(Array.from({ length: window }, lane));
    if (batches.length === 0) return { kind: 'idle' };
    const ok = batches.filter((b) => typeof answers.get(b) === 'number');
    // Nothing stored: back off.
    if (ok.length === 0) {
      const failed = answers.get(batches[0]!) as Failure;
      return this.retry(failed.retryAfter, failed.reason);
    }
    const ackedSeq = Math.max(...ok.map((b) => answers.get(b) as number));
    o.outbox.acknowledge(ackedSeq);
    const carrier = ok.find((b) => b.checkpoint);
    if (carrier) o.outbox.markCheckpointSent(carrier.checkpoint!);
    this.attempt = 0;
    const sent = ok.reduce((n, b) => n + b.records.length, 0);
    return { kind: 'acked', sent, ackedSeq, full: ok.length < batches.length || batches[batches.length - 1]!.records.length >= maxEvents };
  }

  /** One signed upload: the server's acknowledged sequence, or why to retry. */
  private async send(b: Batch): Promise<number | Failure> {
    const o = this.options;
    const req = await buildIngestRequest(o.outbox.device, o.key, b.records, b.checkpoint);
    if (b.after !== null) req.headers[AFTER_HEADER] = String(b.after);
    let response: Response;
    try {
      response = await (o.fetch ?? fetch)(backendUrl(o.server, '/api/v1/audit/ingest'), { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(o.requestTimeoutMs ?? 30_000) });
    } catch (e) {
      return { retryAfter: null, reason: `network: ${(e as Error).message}` };
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      return { retryAfter: response.headers.get('retry-after'), reason: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    }
    const body = (await response.json().catch(() => null)) as { ackedSeq?: unknown } | null;
    if (!body || typeof body.ackedSeq !== 'number') return { retryAfter: null, reason: 'the server answered without an acknowledged sequence' };
    return body.ackedSeq;
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
