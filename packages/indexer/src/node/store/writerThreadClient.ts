import { Worker } from 'node:worker_threads';
import { threadEntry } from '../threadEntry.js';
import type { OpenReason } from './openDatabase.js';
import type { WriterReply, WriterRequest } from './writerMessages.js';
import type { OpBatch } from './writeOps.js';

/**
 * Batches posted and not yet committed, in bytes, past which the build waits before
 * reading more files: the writer thread shares two cores with the parse workers and may
 * fall behind, and its queue should not grow without bound. Every queued byte is resident
 * (a 100k-file build kept a median 27 MiB queued at 32 MiB), hence 16.
 */
const HIGH_WATER = 16 << 20;

type Request = WriterRequest extends infer R ? (R extends { seq: number } ? Omit<R, 'seq'> : never) : never;

/**
 * The main thread's handle on the writer thread: posts batches without waiting (their
 * failure is remembered and thrown by the next `settled()`), sends the other requests
 * and waits for their answers, and tells the build when the thread's queue is too long.
 */
export class WriterThread {
  /** Set from the batch acks: the text index should be merged. */
  needsMerge = false;
  private readonly thread: Worker;
  private seq = 0;
  private readonly waiting = new Map<number, { bytes: number; resolve: (r: WriterReply) => void; reject: (e: Error) => void }>();
  private queuedBytes = 0;
  private failure: Error | undefined;
  private dead: Error | undefined;
  private listeners: Array<() => void> = [];

  constructor() {
    // A small young generation: the thread allocates little that lives (batches arrive as
    // typed arrays), and every megabyte here is resident.
    this.thread = new Worker(threadEntry(import.meta.url, 'writerThread'), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    this.thread.on('message', (reply: WriterReply) => this.onReply(reply));
    this.thread.on('error', (error) => this.onDeath(error));
    this.thread.on('exit', (code) => this.onDeath(new Error(`the index writer thread exited (${code})`)));
    this.thread.unref();
  }

  get alive(): boolean {
    return this.dead === undefined;
  }

  /** Queue too long: wait for `room()` before producing more. */
  get backlogged(): boolean {
    return this.queuedBytes > HIGH_WATER;
  }

  async open(dir: string, roots: string[], fresh: boolean): Promise<OpenReason> {
    const reply = await this.request({ type: 'open', dir, roots, fresh });
    this.failure = undefined;
    this.needsMerge = false;
    return reply.reason!;
  }

  /** Posts a batch; its outcome shows in `settled()`. */
  post(batch: OpBatch, bytes: number): void {
    if (this.failure) return; // decided on top of a failed batch: would fail too
    this.send({ type: 'batch', batch }, bytes, [batch.nums.buffer, batch.bytes.buffer]).then(
      (reply) => (this.needsMerge ||= reply.needsMerge === true),
      (error: Error) => (this.failure ??= error),
    );
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** Resolves when every posted batch is committed; throws the first that failed. */
  async settled(): Promise<void> {
    while (this.waiting.size > 0) await new Promise<void>((r) => this.listeners.push(r));
    this.throwIfFailed();
  }

  /** Resolves when the queue is short again. */
  async room(): Promise<void> {
    while (this.queuedBytes > HIGH_WATER / 2 && this.alive) await new Promise<void>((r) => this.listeners.push(r));
  }

  async merge(live: Int32Array<ArrayBuffer>): Promise<void> {
    await this.request({ type: 'merge', live }, [live.buffer]);
    this.needsMerge = false;
  }

  /** Copies the WAL into the database (PASSIVE: readers are not blocked); never throws. */
  async checkpoint(): Promise<void> {
    await this.request({ type: 'checkpoint' }).catch(() => undefined);
  }

  /** Commits nothing more: marks the database closed cleanly and ends the thread. */
  async close(): Promise<void> {
    try {
      if (this.alive) await this.request({ type: 'close' });
    } finally {
      await this.thread.terminate();
    }
  }

  private request(message: Request, transfer: ArrayBuffer[] = []): Promise<WriterReply> {
    return this.send(message, 0, transfer);
  }

  private send(message: Request, bytes: number, transfer: ArrayBuffer[]): Promise<WriterReply> {
    if (this.dead) return Promise.reject(this.dead);
    const seq = ++this.seq;
    this.queuedBytes += bytes;
    // Keeps the process alive only while an answer is awaited (like the parse workers).
    if (this.waiting.size === 0) this.thread.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { bytes, resolve, reject });
      this.thread.postMessage({ ...message, seq } as WriterRequest, transfer);
    });
  }

  private onReply(reply: WriterReply): void {
    const w = this.waiting.get(reply.seq);
    if (!w) return;
    this.waiting.delete(reply.seq);
    this.queuedBytes -= w.bytes;
    if (this.waiting.size === 0) this.thread.unref();
    if (reply.error) w.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
    else w.resolve(reply);
    this.wake();
  }

  private onDeath(error: Error): void {
    this.dead ??= error;
    this.failure ??= error;
    for (const w of this.waiting.values()) w.reject(this.dead);
    this.waiting.clear();
    this.queuedBytes = 0;
    this.wake();
  }

  private wake(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }
}
