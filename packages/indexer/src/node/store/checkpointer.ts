import { Worker } from 'node:worker_threads';
import { threadEntry } from '../threadEntry.js';

/**
 * The writer thread's handle on the checkpointer thread (checkpointThread.ts). `run()`
 * posts a checkpoint and resolves once it is done. Should the thread die, checkpoints run
 * through `fallback` (the writer's own connection, as before): the WAL is never left to grow.
 */
export class Checkpointer {
  private readonly thread: Worker;
  private seq = 0;
  private readonly waiting = new Map<number, () => void>();
  private dead = false;
  private readonly exited: Promise<void>;

  constructor(
    dbPath: string,
    private readonly fallback: () => void,
  ) {
    this.thread = new Worker(threadEntry(import.meta.url, 'checkpointThread'), {
      workerData: { path: dbPath },
      // It allocates next to nothing in JavaScript.
      resourceLimits: { maxYoungGenerationSizeMb: 2 },
    });
    this.thread.on('message', (seq: number) => this.settle(seq));
    this.thread.on('error', () => undefined); // its exit follows
    this.exited = new Promise((resolve) =>
      this.thread.once('exit', () => {
        this.dead = true;
        if (this.waiting.size === 0) return resolve();
        this.fallback(); // for the checkpoints it did not answer
        for (const seq of [...this.waiting.keys()]) this.settle(seq);
        resolve();
      }),
    );
    this.thread.unref();
  }

  run(): Promise<void> {
    if (this.dead) {
      this.fallback();
      return Promise.resolve();
    }
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      this.thread.postMessage({ seq });
    });
  }

  /** Closes its connection and ends the thread (before the database is closed or deleted). */
  async close(): Promise<void> {
    if (!this.dead) this.thread.postMessage('close');
    await this.exited;
  }

  private settle(seq: number): void {
    const resolve = this.waiting.get(seq);
    this.waiting.delete(seq);
    resolve?.();
  }
}
