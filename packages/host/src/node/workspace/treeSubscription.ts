import parcelWatcher from '@parcel/watcher';
import { RecursiveWatcher, type WatchEvent } from '@marie/indexer/node';
import type { FileChangeType } from '@marie/protocol';

export interface TreeChange {
  type: FileChangeType;
  path: string;
}

export interface TreeSubscription {
  unsubscribe(): Promise<void>;
}

export interface TreeSubscriptionOptions {
  /** Folder names not watched: at any depth with inotify, at the root with @parcel/watcher. */
  skip: readonly string[];
  onChanges(changes: TreeChange[]): void;
  onError(error: unknown): void;
}

/** Both watchers name their changes alike (create, update, delete). */
const TYPES: Record<WatchEvent['type'] & parcelWatcher.EventType, FileChangeType> = { create: 'added', update: 'changed', delete: 'deleted' };
const toChanges = (events: readonly { type: keyof typeof TYPES; path: string }[]): TreeChange[] => events.map((e) => ({ type: TYPES[e.type], path: e.path }));

/**
 * Watches everything under `root`: with the indexer's inotify watcher on Linux (one crawl,
 * and a renamed folder's later events under its new path), else with @parcel/watcher.
 * Resolves once the tree is watched. Lost events are reported as a change of the root,
 * which tells clients to re-check what they hold.
 */
export async function subscribeTree(root: string, options: TreeSubscriptionOptions): Promise<TreeSubscription> {
  const inotify = await RecursiveWatcher.start(root, {
    skipNames: new Set(options.skip),
    onEvents: (events) => options.onChanges(toChanges(events)),
    onLost: () => options.onChanges([{ type: 'changed', path: root }]),
    onError: options.onError,
  });
  if (inotify) return { unsubscribe: () => inotify.close() };
  return parcelWatcher.subscribe(
    root,
    (error, events) => {
      if (error) options.onError(error);
      options.onChanges(toChanges(events));
    },
    { ignore: [...options.skip] },
  );
}
