/** Shards of a ShardedMap: a power of two. */
const SHARDS = 64;

/**
 * A map from strings split over 64 Maps. A JS Map grows by rehashing every entry in one
 * synchronous step: at 1.5M names that step held the host's event loop for 65 ms of CPU
 * (the cold-build event-loop test caught it at 120 ms on a busy machine). Here each step
 * rehashes one shard, a 64th of the entries. The shard is picked from the key's length and
 * two of its characters: cheap, and spread enough for names, paths and hex hashes.
 */
export class ShardedMap<V> {
  private readonly shards: Map<string, V>[] = Array.from({ length: SHARDS }, () => new Map<string, V>());

  get(key: string): V | undefined {
    return this.shards[shardOf(key)]!.get(key);
  }

  set(key: string, value: V): void {
    this.shards[shardOf(key)]!.set(key, value);
  }

  clear(): void {
    for (const shard of this.shards) shard.clear();
  }

  get size(): number {
    let n = 0;
    for (const shard of this.shards) n += shard.size;
    return n;
  }
}

function shardOf(key: string): number {
  const n = key.length;
  return (n * 31 + key.charCodeAt(n - 1) * 7 + key.charCodeAt(n >> 1)) & (SHARDS - 1);
}
