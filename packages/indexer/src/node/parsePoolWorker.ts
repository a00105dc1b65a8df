/**
 * One parse worker as the pool sees it: the thread, its shared progress slots, and the
 * batches it holds. Knows how to find the job a dead or stuck worker was on.
 */
import { Worker } from 'node:worker_threads';
import { threadEntry } from './threadEntry.js';
import { PROGRESS_SLOTS, ProgressSlot, type MainToWorker, type WorkerInit, type WorkerToMain } from '../worker/protocol.js';

export interface WorkerEvents {
  message(message: WorkerToMain): void;
  /** The thread ended without being asked to (exit code, or the error that ended it). */
  died(reason: string): void;
}

/**
 * A worker's young generation. Small on purpose: a parse allocates little that lives, so
 * scavenges stay cheap, and each megabyte here is resident in every worker.
 */
// Measured on 14,026 bench files: 8 MiB peaked at 452 MiB RSS, V8's default (32) at 474.
const YOUNG_GENERATION_MB = 8;

export class PoolWorker<Batch> {
  readonly batches = new Map<number, Batch>();
  ready = false;
  /** The thread's CPU time as of its last batch. */
  cpuMs = 0;
  private readonly thread: Worker;
  private readonly progress: Int32Array;
  private retired = false;
  private exited = false;

  constructor(init: Omit<WorkerInit, 'progress'>, heapMb: number, events: WorkerEvents) {
    const shared = new SharedArrayBuffer(PROGRESS_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    this.progress = new Int32Array(shared);
    this.progress.fill(-1);
    this.thread = new Worker(threadEntry(import.meta.url, 'parseWorker', '../worker'), {
      workerData: { ...init, progress: shared } satisfies WorkerInit,
      // A runaway worker dies of its own heap limit (and is replaced) instead of taking the machine.
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    let lastError = '';
    this.thread.on('message', (message: WorkerToMain) => {
      if (message.type === 'ready') this.ready = true;
      if (!this.retired) events.message(message);
    });
    this.thread.on('error', (error) => {
      lastError = error.message;
    });
    this.thread.on('exit', (code) => {
      this.exited = true;
      if (!this.retired) events.died(lastError || `worker exited with code ${code}`);
      this.retired = true;
    });
  }

  post(message: MainToWorker, transfer: readonly ArrayBuffer[] = []): void {
    this.thread.postMessage(message, transfer);
  }

  /** Stop every batch held so far after the file each is on. */
  stopHeldBatches(): void {
    let highest = -1;
    for (const id of this.batches.keys()) highest = Math.max(highest, id);
    if (highest >= 0) Atomics.store(this.progress, ProgressSlot.stopThrough, highest);
  }

  /** The batch and index of the job the worker is inside right now, if any. */
  currentJob(): { batchId: number; index: number; startedAt: number } | undefined {
    const index = Atomics.load(this.progress, ProgressSlot.job);
    if (index < 0) return undefined;
    return { batchId: Atomics.load(this.progress, ProgressSlot.batch), index, startedAt: Atomics.load(this.progress, ProgressSlot.startedAt) };
  }

  /** Keep the process alive only while this worker holds work. */
  setBusy(busy: boolean): void {
    if (busy) this.thread.ref();
    else this.thread.unref();
  }

  /**
   * Ends the thread without reporting its death. Graceful: it ends after the file it is on,
   * and the promise waits for that (up to `graceMs`, then it is terminated; a hung one may
   * never finish terminating). Terminating a thread while the tree-sitter binding is inside
   * a native call (loading a grammar, compiling a query) aborts the whole process, so a
   * process about to exit must wait for this rather than exit over its workers.
   */
  retire(graceful: boolean, graceMs = 5_000): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.exited) resolve();
      else this.thread.once('exit', () => resolve());
    });
    if (this.retired) return exited;
    this.retired = true;
    if (graceful) {
      // The thread stays referenced until it has ended: an unreferenced one would let the
      // process exit, and so terminate it, in the middle of its last file.
      this.post({ type: 'close' });
      const timer = setTimeout(() => void this.thread.terminate(), graceMs);
      void exited.then(() => clearTimeout(timer));
    } else {
      void this.thread.terminate();
      this.thread.unref();
    }
    return exited;
  }
}
