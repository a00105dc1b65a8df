import watcher from '@parcel/watcher';
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { TreeWatcher, WatchCallbacks, WatchRoot } from './treeWatcher.js';

/**
 * Watches the workspace roots with @parcel/watcher (chosen over chokidar by measurement,
 * docs/decisions.md: one inotify watch per folder, native crawl) where the walk-placed
 * inotify watcher is not available: macOS, Windows, or the addon not built. Its
 * subscription crawls the whole tree before it returns.
 */
export class ParcelWatcher implements TreeWatcher {
  readonly watchDir = undefined;

  private constructor(
    private readonly subscriptions: watcher.AsyncSubscription[],
    private readonly above: FSWatcher[],
  ) {}

  static async start(roots: readonly WatchRoot[], callbacks: WatchCallbacks): Promise<ParcelWatcher> {
    const subscriptions: watcher.AsyncSubscription[] = [];
    // In the folders above a root only ignore files and a `.git` matter to us: one level
    // each (fs.watch), since a recursive subscription on a repository's top would watch all
    // of it. They are the folders above at start; a repository made above later is seen, but
    // its `.git/info/exclude` only from the next start.
    const above = roots.flatMap((root) => root.above.flatMap((dir) => watchOneFolder(dir, callbacks)));
    try {
      for (const root of roots) {
        subscriptions.push(
          await watcher.subscribe(
            root.path,
            (error, events) => {
              if (error) callbacks.onLost();
              if (events.length > 0) callbacks.onPaths(events.map((e) => e.path));
            },
            // Git's own churn (index, objects) is never indexed; skip it at the source, as
            // the excluded folders (a root's node_modules: most of a JavaScript project's
            // files). Paths, not globs: parcel matches globs by regex against every path it
            // crawls, which made its crawl of 100k files 2.5–3× slower.
            { ignore: ['.git', ...root.skip] },
          ),
        );
      }
    } catch (error) {
      await Promise.allSettled(subscriptions.map((s) => s.unsubscribe()));
      for (const w of above) w.close();
      throw error;
    }
    return new ParcelWatcher(subscriptions, above);
  }

  async close(): Promise<void> {
    for (const w of this.above) w.close();
    await Promise.allSettled(this.subscriptions.map((s) => s.unsubscribe()));
  }
}

/** Watches one folder's entries (not below); none when it cannot be watched (gone, unreadable). */
function watchOneFolder(dir: string, callbacks: WatchCallbacks): FSWatcher[] {
  try {
    const w = watch(dir, { persistent: false }, (_event, name) => {
      if (name) callbacks.onPaths([join(dir, name.toString())]);
    });
    w.on('error', () => w.close());
    return [w];
  } catch {
    return [];
  }
}
