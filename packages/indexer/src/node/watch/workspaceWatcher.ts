import watcher from '@parcel/watcher';

/**
 * Watches the workspace roots with @parcel/watcher (chosen by measurement, see
 * docs/decisions.md: one inotify watch per folder, native crawl). Raw events go to
 * `onPaths`; an error from the native side (events may have been lost) to `onLost`.
 */
export class WorkspaceWatcher {
  private constructor(private readonly subscriptions: watcher.AsyncSubscription[]) {}

  /** `skip`: folders (relative to their root) the index excludes, neither crawled nor watched. */
  static async start(roots: readonly { path: string; skip: readonly string[] }[], onPaths: (paths: string[]) => void, onLost: () => void): Promise<WorkspaceWatcher> {
    const subscriptions: watcher.AsyncSubscription[] = [];
    try {
      for (const root of roots) {
        subscriptions.push(
          await watcher.subscribe(
            root.path,
            (error, events) => {
              if (error) onLost();
              if (events.length > 0) onPaths(events.map((e) => e.path));
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
      throw error;
    }
    return new WorkspaceWatcher(subscriptions);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.subscriptions.map((s) => s.unsubscribe()));
  }
}
