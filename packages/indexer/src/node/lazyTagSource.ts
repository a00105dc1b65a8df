import type { ParsePool } from './parsePool.js';
import { PoolTagSource } from './poolTagSource.js';
import type { TagRequest, TagResult, TagSource } from './tagSource.js';

/**
 * The parse pool as a TagSource, created on the first file that needs parsing. A warm
 * start with nothing changed (most IDE starts, every repeated CLI command) then never
 * spawns the workers, which cost far more than the metadata scan.
 */
export class LazyTagSource implements TagSource {
  private source: PoolTagSource | undefined;

  constructor(
    private readonly pool: () => ParsePool,
    readonly version: string,
  ) {}

  supports(path: string): boolean {
    return this.inner().supports(path);
  }

  /** The index calls this for every batch of changes, even an empty one: wait for a first file. */
  async *parse(files: AsyncIterable<TagRequest> | Iterable<TagRequest>, signal?: AbortSignal): AsyncIterable<TagResult> {
    const it = Symbol.asyncIterator in files ? files[Symbol.asyncIterator]() : files[Symbol.iterator]();
    const first = await it.next();
    if (first.done) return;
    async function* all(): AsyncGenerator<TagRequest> {
      yield first.value;
      for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
    }
    yield* this.inner().parse(all(), signal);
  }

  /** Only a pool that exists already (this session parsed something): warming up must not spawn it. */
  async warmUp(paths: readonly string[]): Promise<void> {
    await this.source?.warmUp(paths);
  }

  /** A file opened in the editor is about to be edited: worth starting the workers for. */
  opened(path: string, content: Uint8Array): Promise<void> {
    return this.inner().opened(path, content);
  }

  private inner(): PoolTagSource {
    return (this.source ??= new PoolTagSource(this.pool(), this.version));
  }
}
