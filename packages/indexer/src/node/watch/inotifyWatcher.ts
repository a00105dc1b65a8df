import { nativeAddon } from '../../worker/nativeAddon.js';
import { changeType, forEachRecord, IN_DELETE_SELF, IN_IGNORED, IN_ISDIR, IN_MOVE_SELF, IN_Q_OVERFLOW } from './inotifyRecords.js';
import { SharedInotify } from './sharedInotify.js';
import type { TreeWatcher, WatchCallbacks, WatchEvent } from './treeWatcher.js';

export interface InotifyAddon {
  inotifyStart(onRecords: (records: Buffer) => void): object;
  inotifyAdd(watcher: object, dir: string): number;
  inotifyRemove(watcher: object, wd: number): void;
  inotifyStop(watcher: object): void;
}

const ENOSPC = 28;

export interface InotifyCallbacks extends Omit<WatchCallbacks, 'onPaths'> {
  onPaths?(paths: string[]): void;
  /** The same changes, typed, instead of `onPaths`: for a watcher that follows new folders itself (recursiveWatcher.ts). */
  onEvents?(events: WatchEvent[]): void;
}

let shared: SharedInotify | undefined;

/**
 * The addon's inotify functions (Linux, addon built), else undefined: one descriptor for
 * the whole process, shared by every watcher started on it (sharedInotify.ts).
 */
export function inotifyAddon(): SharedInotify | undefined {
  if (shared) return shared;
  const addon = nativeAddon();
  if (process.platform !== 'linux' || typeof addon?.inotifyStart !== 'function') return undefined;
  return (shared = new SharedInotify(addon as unknown as InotifyAddon));
}

/**
 * Watches exactly the folders the indexer's walk visits: the walk calls `watchDir` for each
 * one before it lists it, so a change is either in the listing or reported as an event, and
 * the tree is crawled once (a subscription to @parcel/watcher crawled it first, then the
 * metadata scan again). Ignored folders are never walked, so never watched; a new folder is
 * reported, walked by the index, and watched by that walk. Events are read on the addon's
 * own thread (native/inotify.c) and arrive here as raw records. The explorer's watcher
 * (recursiveWatcher.ts) is this one placed by its own crawl.
 */
export class InotifyWatcher implements TreeWatcher {
  /** Watch descriptor → the folders it watches (one reached through a symlink as well shares it). */
  private readonly dirs = new Map<number, string[]>();
  /** Watch descriptor → the full walk that last placed it (see beginFullWalk). */
  private readonly placedBy = new Map<number, number>();
  private walks = 0;
  private handle: object | undefined;
  private limitReported = false;

  constructor(
    private readonly addon: InotifyAddon,
    private readonly callbacks: InotifyCallbacks,
  ) {
    this.handle = addon.inotifyStart((records) => this.read(records));
  }

  /** Folders watched now (tests, diagnostics). */
  get watchedDirs(): number {
    return this.dirs.size;
  }

  /** Watches `dir` (absolute, normalized); cheap when it is watched already. */
  readonly watchDir = (dir: string): void => {
    if (!this.handle) return;
    const wd = this.addon.inotifyAdd(this.handle, dir);
    if (wd >= 0) {
      this.placedBy.set(wd, this.walks);
      const known = this.dirs.get(wd);
      if (!known) this.dirs.set(wd, [dir]);
      else if (!known.includes(dir)) known.push(dir);
    } else if (wd === -ENOSPC && !this.limitReported) {
      // Events in the folders beyond the limit go unseen; a rescan would only hit it again.
      this.limitReported = true;
      const watched = `${this.dirs.size} folder${this.dirs.size === 1 ? '' : 's'}`;
      this.callbacks.onError(new Error(`inotify watch limit reached at ${watched} (fs.inotify.max_user_watches): changes in further folders are seen only by the next scan`));
    }
    // Other failures (the folder vanished or cannot be read): the walk reports them itself.
  };

  beginFullWalk(): () => void {
    const walk = ++this.walks;
    return () => {
      for (const [wd, placed] of this.placedBy) if (placed < walk) this.unwatch(wd);
    };
  }

  private unwatch(wd: number): void {
    this.dirs.delete(wd);
    this.placedBy.delete(wd);
    if (this.handle) this.addon.inotifyRemove(this.handle, wd);
  }

  private read(records: Buffer): void {
    const events: WatchEvent[] = [];
    let lost = false;
    forEachRecord(records, (wd, mask, _start, nameAt, end) => {
      if (mask & IN_Q_OVERFLOW) {
        lost = true;
        return;
      }
      const dirs = this.dirs.get(wd);
      if (!dirs) return;
      if (mask & IN_IGNORED) {
        // The folder is gone (or was unwatched)
        this.dirs.delete(wd);
        this.placedBy.delete(wd);
      } else if (end > nameAt) {
        const nul = records.indexOf(0, nameAt);
        const name = records.toString('utf8', nameAt, nul < 0 || nul > end ? end : nul);
        const type = changeType(mask);
        const isDir = (mask & IN_ISDIR) !== 0;
        for (const dir of dirs) events.push({ path: dir.endsWith('/') ? dir + name : `${dir}/${name}`, type, isDir });
      } else if (mask & (IN_MOVE_SELF | IN_DELETE_SELF)) {
        // A watched root has no watched parent to report it.
        for (const dir of dirs) events.push({ path: dir, type: 'delete', isDir: true });
        if (mask & IN_MOVE_SELF) this.unwatchTree(wd, dirs);
      }
    });
    if (lost) this.callbacks.onLost();
    if (events.length === 0) return;
    if (this.callbacks.onEvents) this.callbacks.onEvents(events);
    else this.callbacks.onPaths?.(events.map((e) => e.path));
  }

  /**
   * A folder moved: its watches (and its subfolders') would report under the old path. The
   * index walks the new path (its parent reports it), which watches it again.
   */
  private unwatchTree(wd: number, moved: readonly string[]): void {
    const prefixes = moved.map((d) => (d.endsWith('/') ? d : `${d}/`));
    for (const [other, dirs] of this.dirs) {
      if (other === wd || dirs.some((d) => prefixes.some((p) => d.startsWith(p)))) this.unwatch(other);
    }
  }

  close(): Promise<void> {
    if (this.handle) this.addon.inotifyStop(this.handle);
    this.handle = undefined;
    this.dirs.clear();
    this.placedBy.clear();
    return Promise.resolve();
  }
}
