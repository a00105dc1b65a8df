/**
 * Matches a risky regex (one V8's backtracking engine may take exponential time on, see
 * backtrackRisk.ts) under a time limit per file. JavaScript cannot interrupt a running
 * RegExp, so the matching runs on a worker thread that is terminated, and replaced for
 * the next file, when one file takes longer than the limit. Such a file is reported as
 * timed out instead of searched; the rest of the search goes on.
 */
import { Worker } from 'node:worker_threads';
import type { TextMatch } from '../../common/searchTypes.js';
import { threadEntry } from '../threadEntry.js';
import type { TextQuery } from '../../common/textQuery.js';

export const DEFAULT_REGEX_TIME_LIMIT_MS = 2_000;

export class GuardedMatcher {
  private worker: Promise<Worker> | undefined;

  constructor(
    private readonly query: TextQuery,
    private readonly limitMs: number,
  ) {}

  private start(): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(threadEntry(import.meta.url, 'regexWorker'), { workerData: this.query });
      worker.once('message', () => resolve(worker));
      worker.once('error', reject);
    });
  }

  /** The file's matches, or 'timeout' when verifying it took longer than the limit. */
  async locate(bytes: Uint8Array, limit: number): Promise<TextMatch[] | 'timeout'> {
    const worker = await (this.worker ??= this.start());
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (matches: TextMatch[]): void => {
        done();
        resolve(matches);
      };
      const onError = (error: Error): void => {
        done();
        this.worker = undefined;
        reject(error);
      };
      const timer = setTimeout(() => {
        done();
        this.worker = undefined;
        void worker.terminate();
        resolve('timeout');
      }, this.limitMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ bytes, limit });
    });
  }

  close(): void {
    void this.worker?.then((w) => w.terminate(), () => undefined);
    this.worker = undefined;
  }
}
