/**
 * A pool of parse worker threads behind a bounded queue. Jobs go out in small batches
 * (one message per batch, not per file) and results come back in any order. A worker
 * that dies is replaced; the file it was on is retried once, alone, on a fresh worker,
 * and quarantined as `crashed` if it kills that one too. A worker stuck on one file past
 * the time limit is terminated from this side and the file reported as a `timeout`.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { ParseFailure } from '../common/tags.js';
import { defaultLanguagesDir, LanguageRegistry } from '../worker/languageRegistry.js';
import type { FaultInjection, ParseJob, ParseLimits, ParseResult, WorkerToMain } from '../worker/protocol.js';
import { PoolWorker } from './parsePoolWorker.js';
import { JobQueue, type Entry } from './parsePoolQueue.js';

export type { ParseJob, ParseLimits, ParseResult, ParseTimings, FaultInjection } from '../worker/protocol.js';

export interface ParsePoolOptions {
  /** Worker threads; default one per core (`os.availableParallelism()`). */
  workers?: number;
  /** Jobs waiting beyond those the workers hold; `submit` waits while it is full. Default 256. */
  queueCapacity?: number;
  /** Jobs per message to a worker; default 16. A worker holds at most two batches. */
  batchSize?: number;
  limits?: Partial<ParseLimits>;
  /** How far past `limits.timeLimitMs` a file may run before its worker is terminated. Default max(2000, timeLimitMs). */
  watchdogGraceMs?: number;
  /** V8 old-generation limit per worker. Default 1024 MiB. */
  workerHeapMb?: number;
  languagesDir?: string;
  /** Where results of `submit`ted jobs go (results of `parse` are returned instead). */
  onResult?: (result: ParseResult) => void;
  /** Test-only: make workers crash or hang on marked paths. Never set in production. */
  faultInjection?: FaultInjection;
}

export interface ParsePoolStats {
  workers: number;
  queued: number;
  /** Accepted and not yet answered, queued or in a worker. */
  pending: number;
  completed: number;
  cancelled: number;
  workerRestarts: number;
  watchdogKills: number;
  /** Editor saves re-parsed from the file's kept tree (opened or saved before), not in full. */
  reusedTrees: number;
  quarantined: number;
  /** CPU time the workers have used, alive and dead (Linux only; 0 elsewhere). */
  workerCpuMs: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxFileBytes: 1024 * 1024,
  timeLimitMs: 5000,
  matchLimit: 1024,
  // Measured on 4,000 files of the bench corpus, one thread: a full collection every 1 MiB
  // peaked at 168 MiB RSS and 6.4 s CPU; a scavenge every 128 KiB plus a full collection
  // every 16 MiB at 142 MiB and 5.4 s (docs/decisions.md).
  gcEveryBytes: 16 * 1024 * 1024,
  minorGcEveryBytes: 128 * 1024,
  // The index hashes contents before asking, so a bulk build never sends the same bytes
  // twice: the cache only serves direct callers. Every megabyte is resident per worker.
  resultCacheBytes: 1024 * 1024,
};

/** Pool-wide failures: workers that die before they ever start (a broken install). */
const MAX_START_FAILURES = 3;

export class ParsePool {
  readonly workerCount: number;
  readonly limits: ParseLimits;
  private readonly registry: LanguageRegistry;
  private readonly queue: JobQueue;
  private readonly workers: Array<PoolWorker<Entry[]>> = [];
  private readonly quarantine = new Set<string>();
  private readonly watchedSignals = new WeakSet<AbortSignal>();
  private readonly watchdog: NodeJS.Timeout;
  private readonly drainWaiters: Array<() => void> = [];
  private readonly epochMs = Date.now();
  private nextBatchId = 1;
  /** Bumped by cancel(): submitters still waiting for room from before it give up. */
  private generation = 0;
  private pending = 0;
  private startFailures = 0;
  private retiredCpuMs = 0;
  private brokenReason: string | undefined;
  private closed = false;
  private readonly counts = { completed: 0, cancelled: 0, workerRestarts: 0, watchdogKills: 0, reusedTrees: 0 };

  constructor(private readonly options: ParsePoolOptions = {}) {
    this.workerCount = Math.max(1, options.workers ?? availableParallelism());
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.registry = LanguageRegistry.load(options.languagesDir ?? defaultLanguagesDir());
    this.queue = new JobQueue(options.queueCapacity ?? 256);
    for (let i = 0; i < this.workerCount; i++) this.workers.push(this.spawn());
    const grace = options.watchdogGraceMs ?? Math.max(2000, this.limits.timeLimitMs);
    this.watchdog = setInterval(() => this.checkStuck(grace), Math.max(25, Math.min(1000, (this.limits.timeLimitMs + grace) / 4)));
    this.watchdog.unref();
  }

  /** The language id a path would be parsed as, or undefined when none claims it. */
  languageOf(path: string): string | undefined {
    return this.registry.forPath(path)?.id;
  }

  /** Queue a job; waits while the queue is full. Its result goes to `options.onResult`. */
  async submit(job: ParseJob, signal?: AbortSignal): Promise<void> {
    await this.accept({ job, signal, attempts: 0 });
  }

  /** Queue a job and wait for its result (for one file now: an editor save). */
  parse(job: ParseJob, signal?: AbortSignal): Promise<ParseResult> {
    return new Promise((resolve, reject) => {
      this.accept({ job, signal, attempts: 0, resolve, reject }).catch(reject);
    });
  }

  /**
   * Loads the grammar and tags query of each path's language in every worker now, and
   * runs the editor-save path once on the file (which warms its JIT): the first save in a
   * language then does not pay for it (~130 ms for TypeScript). Resolves when every
   * worker has answered. Paths are only examples of their language; unreadable ones
   * count as empty files.
   */
  warmUp(paths: readonly string[]): Promise<void> {
    const known = paths.filter((path) => !this.refusal({ path })).map((path) => ({ path, content: readOrEmpty(path, this.limits.maxFileBytes) }));
    const answered: Promise<unknown>[] = [];
    for (const worker of this.closed ? [] : this.workers) {
      if (known.length === 0) break;
      const batch = known.map(({ path, content }): Entry => {
        // A directory of its own, and no tree kept: the worker keeps saved files' trees by path.
        const job: ParseJob = { path: join(dirname(path), '.marie-warm-up', basename(path)), content, priority: 'interactive', keepTree: false };
        const entry: Entry = { job, signal: undefined, attempts: 0 };
        answered.push(new Promise((resolve) => Object.assign(entry, { resolve, reject: resolve })));
        return entry;
      });
      this.pending += batch.length;
      this.post(worker, batch);
      // Referenced while it works: a process exiting over a thread that is loading a
      // grammar aborts (the binding throws from a dying environment).
      worker.setBusy(true);
    }
    return Promise.all(answered).then(() => undefined);
  }

  /** Resolves once every accepted job has been answered or cancelled. */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Drop all queued work and stop the workers after the file each is on. */
  cancel(): void {
    this.generation++;
    for (const entry of this.queue.removeAll()) this.drop(entry);
    for (const worker of this.workers) {
      for (const batch of worker.batches.values()) for (const entry of batch) entry.cancelled = true;
      worker.stopHeldBatches();
    }
    this.queue.rejectWaiters(abortError());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.cancel();
    this.closed = true;
    clearInterval(this.watchdog);
    const exits: Promise<void>[] = [];
    for (const worker of this.workers) {
      for (const batch of worker.batches.values()) for (const entry of batch) this.drop(entry);
      this.retiredCpuMs += worker.cpuMs;
      exits.push(worker.retire(true));
    }
    this.workers.length = 0;
    // Resolves once the threads are gone, so a caller may exit the process safely.
    await Promise.all(exits);
  }

  stats(): ParsePoolStats {
    let workerCpuMs = this.retiredCpuMs;
    for (const worker of this.workers) workerCpuMs += worker.cpuMs;
    return { workers: this.workers.length, queued: this.queue.length, pending: this.pending, ...this.counts, quarantined: this.quarantine.size, workerCpuMs };
  }

  /** Paths (with their identity, if given) that crashed a worker twice. */
  quarantined(): string[] {
    return [...this.quarantine].map((key) => key.split('\0')[0]!);
  }

  private async accept(entry: Entry): Promise<void> {
    if (this.closed) throw new Error('the parse pool is closed');
    if (entry.signal?.aborted) throw abortError();
    const generation = this.generation;
    // An interactive job (an editor save) does not wait for room behind bulk work.
    const interactive = entry.job.priority === 'interactive';
    if (!interactive) await this.queue.waitForRoom(entry.signal);
    const release = (): void => {
      if (!interactive) this.queue.release();
    };
    if (entry.signal?.aborted || this.closed || generation !== this.generation) {
      release();
      throw abortError();
    }
    this.pending++;
    const refusal = this.refusal(entry.job);
    if (refusal) {
      release();
      return this.finish(entry, refusal);
    }
    this.watchSignal(entry.signal);
    if (interactive) this.queue.pushFront(entry);
    else this.queue.push(entry);
    this.dispatch();
  }

  /** An answer that needs no worker: an unsupported file, a quarantined one, a broken pool. */
  private refusal(job: ParseJob): ParseResult | undefined {
    const language = job.language ?? this.registry.forPath(job.path)?.id;
    if (!language || !this.registry.get(language)) return failure(job.path, 'unsupported', `no language for ${job.path}`);
    if (this.brokenReason) return failure(job.path, 'crashed', this.brokenReason);
    if (this.quarantine.has(quarantineKey(job))) return failure(job.path, 'crashed', 'quarantined: it crashed a parse worker twice');
    return undefined;
  }

  /** One listener per signal, however many jobs share it. */
  private watchSignal(signal: AbortSignal | undefined): void {
    if (!signal || this.watchedSignals.has(signal)) return;
    this.watchedSignals.add(signal);
    signal.addEventListener('abort', () => this.abortSignal(signal), { once: true });
  }

  /** Drop the signal's queued jobs; stop batches holding only its (or other cancelled) jobs. */
  private abortSignal(signal: AbortSignal): void {
    for (const entry of this.queue.removeWhere((e) => e.signal === signal)) this.drop(entry);
    for (const worker of this.workers) {
      let stop = false;
      for (const batch of worker.batches.values()) {
        for (const entry of batch) if (entry.signal === signal) entry.cancelled = true;
        stop ||= batch.every((e) => e.cancelled);
      }
      if (stop) worker.stopHeldBatches();
    }
  }

  private dispatch(): void {
    for (const worker of this.workers) {
      // Two batches per worker keep it busy; an interactive job may be a third, which
      // the worker runs right after its current batch (see parseWorker.ts).
      while (this.queue.length > 0 && (worker.batches.size < 2 || (worker.batches.size < 3 && this.queue.frontIsInteractive()))) {
        this.post(worker, this.queue.takeBatch(this.options.batchSize ?? 16));
      }
      worker.setBusy(worker.batches.size > 0);
    }
  }

  private post(worker: PoolWorker<Entry[]>, batch: Entry[]): void {
    const batchId = this.nextBatchId++;
    worker.batches.set(batchId, batch);
    const moved = new Set<ArrayBuffer>();
    for (const { job } of batch) {
      if (!job.transfer || !job.content) continue;
      const buffer = job.content.buffer;
      // Moved to a worker that then died: the bytes are gone, the worker reads the file.
      if (buffer.byteLength === 0) delete job.content;
      else if (buffer instanceof ArrayBuffer) moved.add(buffer);
    }
    worker.post({ type: 'batch', batchId, jobs: batch.map((e) => e.job) }, [...moved]);
  }

  private spawn(): PoolWorker<Entry[]> {
    const worker: PoolWorker<Entry[]> = new PoolWorker(
      { languagesDir: this.options.languagesDir ?? defaultLanguagesDir(), limits: this.limits, epochMs: this.epochMs, ...(this.options.faultInjection ? { faultInjection: this.options.faultInjection } : {}) },
      this.options.workerHeapMb ?? 1024,
      { message: (message) => this.onMessage(worker, message), died: (reason) => this.onDeath(worker, reason) },
    );
    return worker;
  }

  private onMessage(worker: PoolWorker<Entry[]>, message: WorkerToMain): void {
    if (message.type === 'ready') this.startFailures = 0;
    if (message.type === 'fatal') this.brokenReason = `parse worker cannot start: ${message.message}`;
    if (message.type !== 'batch-done') return;
    if (message.cpuMs !== undefined) worker.cpuMs = message.cpuMs;
    const batch = worker.batches.get(message.batchId);
    if (!batch) return;
    worker.batches.delete(message.batchId);
    batch.forEach((entry, i) => {
      const result = message.results[i];
      if (result) this.finish(entry, result);
      else this.requeueOrDrop(entry); // skipped by a stop
    });
    this.dispatch();
  }

  private onDeath(dead: PoolWorker<Entry[]>, reason: string, culpritOutcome?: ParseFailure): void {
    const current = dead.currentJob();
    const culprit = current ? dead.batches.get(current.batchId)?.[current.index] : undefined;
    if (!dead.ready) this.startFailures++;
    for (const batch of dead.batches.values()) {
      for (const entry of batch) {
        if (entry === culprit) continue;
        this.requeueOrDrop(entry);
      }
    }
    dead.batches.clear();
    this.retiredCpuMs += dead.cpuMs;
    const retry = culprit && this.blame(culprit, reason, culpritOutcome ?? 'crashed');
    const index = this.workers.indexOf(dead);
    if (index >= 0 && !this.closed) {
      this.counts.workerRestarts++;
      if (this.startFailures >= MAX_START_FAILURES) this.brokenReason ??= `parse workers keep dying at start: ${reason}`;
      if (this.brokenReason) {
        if (retry) this.finish(retry, failure(retry.job.path, 'crashed', this.brokenReason));
        this.failEverything(this.brokenReason);
      } else {
        const fresh = this.spawn();
        this.workers[index] = fresh;
        // The retry goes alone to the replacement, so a second crash cannot take other files with it.
        if (retry) this.post(fresh, [retry]);
      }
    } else if (retry) {
      this.drop(retry);
    }
    this.dispatch();
  }

  /**
   * Decide a culprit's fate: a first crash earns one retry (returned, for a fresh
   * worker); a second one quarantines the file; a hang is reported and not retried.
   */
  private blame(entry: Entry, reason: string, outcome: ParseFailure): Entry | undefined {
    entry.attempts++;
    if (entry.cancelled) {
      this.drop(entry);
      return undefined;
    }
    if (outcome === 'crashed' && entry.attempts < 2) return entry;
    if (outcome === 'crashed') this.quarantine.add(quarantineKey(entry.job));
    this.finish(entry, failure(entry.job.path, outcome, outcome === 'crashed' ? `quarantined after crashing a parse worker twice: ${reason}` : reason));
    return undefined;
  }

  private checkStuck(graceMs: number): void {
    const now = Date.now() - this.epochMs;
    for (const worker of [...this.workers]) {
      const current = worker.currentJob();
      if (!current || now - current.startedAt <= this.limits.timeLimitMs + graceMs) continue;
      this.counts.watchdogKills++;
      void worker.retire(false);
      this.onDeath(worker, `still running after ${now - current.startedAt} ms; the worker was terminated`, 'timeout');
    }
  }

  private failEverything(reason: string): void {
    for (const entry of this.queue.removeAll()) this.finish(entry, failure(entry.job.path, 'crashed', reason));
  }

  private requeueOrDrop(entry: Entry): void {
    if (entry.cancelled || this.closed) this.drop(entry);
    else this.queue.pushFront(entry);
  }

  private finish(entry: Entry, result: ParseResult): void {
    if (entry.cancelled) return this.drop(entry);
    this.counts.completed++;
    if (result.reusedTree) this.counts.reusedTrees++;
    this.settle();
    if (entry.resolve) entry.resolve(result);
    else this.options.onResult?.(result);
  }

  private drop(entry: Entry): void {
    this.counts.cancelled++;
    this.settle();
    entry.reject?.(abortError());
  }

  private settle(): void {
    this.pending--;
    if (this.pending === 0) for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}

function readOrEmpty(path: string, maxBytes: number): Uint8Array {
  try {
    const bytes = readFileSync(path);
    return bytes.length <= maxBytes ? bytes : new Uint8Array(0);
  } catch {
    return new Uint8Array(0);
  }
}

function quarantineKey(job: ParseJob): string {
  return `${job.path}\0${job.identity ?? ''}`;
}

function failure(path: string, reason: ParseFailure, message: string): ParseResult {
  return { path, outcome: { ok: false, reason, message } };
}

function abortError(): Error {
  return new DOMException('The operation was aborted', 'AbortError');
}
