import watcher from '@parcel/watcher';

/**
 * Watches the workspace roots with @parcel/watcher (chosen by measurement, see
 * docs/decisions.md: one inotify watch per folder, native crawl). Raw events go to
 * `onPaths`; an error from the native side (events may have been lost) to `onLost`.
 */
export class WorkspaceWatcher {
  private constructor(private readonly subscriptions: watcher.AsyncSubscription[]) {}

  static async start(roots: readonly string[], onPaths: (paths: string[]) => void, onLost: () => void): Promise<WorkspaceWatcher> {
    const subscriptions: watcher.AsyncSubscription[] = [];
    try {
      for (const root of roots) {
        subscriptions.push(
          await watcher.subscribe(
            root,
            (error, events) => {
              if (error) onLost();
              if (events.length > 0) onPaths(events.map((e) => e.path));
            },
            // Git's own churn (index, objects) is never indexed; skip it at the source.
            { ignore: ['.git'] },
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
