import { InotifyWatcher, inotifyAddon } from './inotifyWatcher.js';
import { ParcelWatcher } from './parcelWatcher.js';

export interface WatchCallbacks {
  /** Paths (absolute) that changed: files or folders, created, changed, moved or deleted. */
  onPaths(paths: string[]): void;
  /** Events may have been lost (the kernel's queue overflowed): a full scan is needed. */
  onLost(): void;
  /** Watching is impaired but goes on (e.g. the system's watch limit). */
  onError(error: Error): void;
}

/** One change as the kernel reported it (the inotify watcher's typed form, for watchers that need it). */
export interface WatchEvent {
  path: string;
  type: 'create' | 'update' | 'delete';
  isDir: boolean;
}

/** A watcher on the workspace roots. */
export interface TreeWatcher {
  /**
   * When defined, the watcher watches only what the index walks: the walk calls it for each
   * folder before listing it. When undefined, the watcher covered the tree when it started.
   */
  readonly watchDir: ((dir: string) => void) | undefined;
  /**
   * With `watchDir`: called as a walk of every root begins. The function it returns, called
   * once that walk has completed, drops the watches the walk did not place again: folders
   * that became ignored (or excluded) since they were watched.
   */
  beginFullWalk?(): () => void;
  close(): Promise<void>;
}

export interface WatchRoot {
  path: string;
  /** Folders (relative to the root) the index excludes, for a watcher that crawls by itself. */
  skip: readonly string[];
  /**
   * Folders above the root whose ignore files or repository decide for it (IgnoreResolver.ancestorWatchDirs),
   * for a watcher that crawls by itself: watched, not crawled. The walk-placed watcher gets
   * them from the walk.
   */
  above: readonly string[];
}

export type StartWatcher = (roots: readonly WatchRoot[], callbacks: WatchCallbacks) => Promise<TreeWatcher>;

/**
 * The walk-placed inotify watcher where it exists (Linux with the addon built; one crawl of
 * the tree instead of two, docs/decisions.md), else @parcel/watcher. `MARIE_WATCHER=parcel`
 * asks for the latter (tests of both, comparisons).
 */
export const startTreeWatcher: StartWatcher = async (roots, callbacks) => {
  const addon = process.env.MARIE_WATCHER === 'parcel' ? undefined : inotifyAddon();
  if (addon) return new InotifyWatcher(addon, callbacks);
  return ParcelWatcher.start(roots, callbacks);
};
