import { createRequire } from 'node:module';

let addon: Record<string, unknown> | null | undefined;

/**
 * The indexer's native addon (native/, built by bootstrap) as loaded on this thread, or
 * undefined when it is not built or `MARIE_INDEXER_NATIVE=0` asks for the JavaScript paths.
 * The one loader for every part that uses it (tags, listing, trigrams, inotify); callers
 * check for the functions they need: an addon built before them lacks them.
 */
export function nativeAddon(): Record<string, unknown> | undefined {
  if (addon === undefined) {
    addon = null;
    try {
      if (process.env.MARIE_INDEXER_NATIVE !== '0') addon = createRequire(import.meta.url)('../../native/build/Release/marie_tags.node') as Record<string, unknown>;
    } catch {
      /* not built */
    }
  }
  return addon ?? undefined;
}
