import type { ParsePool } from './parsePool.js';
import type { TagRequest, TagResult, TagSource } from './tagSource.js';

/**
 * The parse worker pool as a TagSource: requests are pulled from the index as the pool
 * has room (a window of jobs in flight) and results are yielded in completion order.
 */
export class PoolTagSource implements TagSource {
  constructor(
    private readonly pool: ParsePool,
    /** Bump when grammars or queries change, so stored tags are re-extracted. */
    readonly version?: string,
    private readonly window = 64,
  ) {}

  supports(path: string): boolean {
    return this.pool.languageOf(path) !== undefined;
  }

  /** One example path per language, in the order given (the most common first). */
  warmUp(paths: readonly string[]): Promise<void> {
    const byLanguage = new Map<string, string>();
    for (const path of paths) {
      const language = this.pool.languageOf(path);
      if (language !== undefined && !byLanguage.has(language)) byLanguage.set(language, path);
    }
    return this.pool.warmUp([...byLanguage.values()]);
  }

  async opened(path: string, content: Uint8Array): Promise<void> {
    if (this.pool.languageOf(path) === undefined) return;
    await this.pool.parse({ path, content, priority: 'interactive', opened: true });
  }

  async *parse(files: AsyncIterable<TagRequest> | Iterable<TagRequest>, signal?: AbortSignal): AsyncIterable<TagResult> {
    const done: TagResult[] = [];
    let inFlight = 0;
    let finished = false;
    let failure: unknown;
    // The feeder waits for room, the consumer for results: one waker each.
    const wakers: { feed?: () => void; consume?: () => void } = {};
    const notify = (): void => {
      const { feed, consume } = wakers;
      wakers.feed = wakers.consume = undefined;
      feed?.();
      consume?.();
    };
    const sleep = (who: 'feed' | 'consume'): Promise<void> => new Promise<void>((r) => (wakers[who] = r));
    const feed = (async () => {
      try {
        for await (const request of files) {
          while (inFlight >= this.window && failure === undefined) await sleep('feed');
          if (failure !== undefined || signal?.aborted) break;
          inFlight++;
          const job = { path: request.path, content: request.content, ...(request.priority ? { priority: request.priority } : {}), ...(request.transfer ? { transfer: true } : {}), ...(request.sha1 !== undefined ? { contentSha1: request.sha1 } : {}) };
          this.pool.parse(job, signal).then(
            (r) => {
              inFlight--;
              done.push({ path: request.path, outcome: r.outcome, ...(r.sha1 !== undefined ? { sha1: r.sha1 } : {}) });
              notify();
            },
            (error: unknown) => {
              inFlight--;
              failure ??= error;
              notify();
            },
          );
        }
      } catch (error) {
        failure ??= error;
      }
      finished = true;
      notify();
    })();
    for (;;) {
      while (done.length > 0) yield done.shift()!;
      if (failure !== undefined) throw failure;
      if (finished && inFlight === 0) break;
      await sleep('consume');
    }
    await feed;
  }
}
