import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { inotifyAddon, InotifyWatcher, type InotifyAddon } from './inotifyWatcher.js';
import type { WatchEvent } from './treeWatcher.js';

export interface RecursiveWatchOptions {
  /** Folder names never entered, at any depth (`.git`, `node_modules`). */
  skipNames: ReadonlySet<string>;
  onEvents(events: WatchEvent[]): void;
  /** Events may have been lost (the kernel's queue overflowed): re-check everything. */
  onLost(): void;
  /** Watching is impaired but goes on (the system's watch limit). */
  onError(error: Error): void;
}

/** Longest stretch of synchronous crawling before other tasks get a turn. */
const SLICE_MS = 8;
/** How long a new folder waits before it is crawled: see `created`. */
const NEW_FOLDER_DELAY_MS = 20;

/**
 * The inotify watcher over a whole tree, for a consumer with no walk of its own (the
 * host's explorer watcher): it crawls the tree once, watching each folder before listing
 * it, and follows folders created or moved in. Unlike @parcel/watcher's inotify backend,
 * a renamed folder's later events carry its new path (parcel-bundler/watcher#52).
 * Symlinks are not followed. Linux only, with the addon built: `start` answers undefined
 * elsewhere (and under `MARIE_WATCHER=parcel`).
 */
export class RecursiveWatcher {
  private readonly inotify: InotifyWatcher;
  private readonly newFolders = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    addon: InotifyAddon,
    private readonly options: RecursiveWatchOptions,
  ) {
    this.inotify = new InotifyWatcher(addon, { onEvents: (events) => this.received(events), onLost: options.onLost, onError: options.onError });
  }

  /** Resolves once every folder under `root` is watched; rejects when `root` itself cannot be (as @parcel/watcher does). */
  static async start(root: string, options: RecursiveWatchOptions): Promise<RecursiveWatcher | undefined> {
    const addon = process.env.MARIE_WATCHER === 'parcel' ? undefined : inotifyAddon();
    if (!addon) return undefined;
    const watcher = new RecursiveWatcher(addon, options);
    await watcher.crawl(root);
    if (watcher.watchedDirs === 0) {
      await watcher.close();
      throw new Error(`cannot watch ${root}: not a readable folder, or no inotify watch left (fs.inotify.max_user_watches)`);
    }
    return watcher;
  }

  /** Folders watched now (tests, diagnostics). */
  get watchedDirs(): number {
    return this.inotify.watchedDirs;
  }

  close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    return this.inotify.close();
  }

  private received(events: WatchEvent[]): void {
    for (const e of events) if (e.isDir && e.type === 'create' && !this.options.skipNames.has(basename(e.path))) this.newFolders.add(e.path);
    this.options.onEvents(events);
    if (this.newFolders.size > 0 && !this.timer) this.timer = setTimeout(() => void this.crawlNew(), NEW_FOLDER_DELAY_MS);
  }

  /**
   * A folder created or moved in is crawled a moment later, not at once: when it was moved
   * within the tree, the kernel's notice that it left its old path drops its watches, and
   * that notice can arrive after the one for its new path. Its entries are reported as
   * created: some may have been made before its watch was placed.
   */
  private async crawlNew(): Promise<void> {
    this.timer = undefined;
    const folders = [...this.newFolders];
    this.newFolders.clear();
    const found: WatchEvent[] = [];
    for (const folder of folders) await this.crawl(folder, found);
    if (found.length > 0 && !this.closed) this.options.onEvents(found);
  }

  private async crawl(top: string, found?: WatchEvent[]): Promise<void> {
    const stack = [top];
    let sliceStart = performance.now();
    while (stack.length > 0 && !this.closed) {
      const dir = stack.pop()!;
      this.inotify.watchDir(dir);
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue; // gone, or unreadable: nothing in it can be watched
      }
      for (const entry of entries) {
        const path = `${dir}/${entry.name}`;
        const isDir = entry.isDirectory();
        found?.push({ path, type: 'create', isDir });
        if (isDir && !this.options.skipNames.has(entry.name)) stack.push(path);
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        sliceStart = performance.now();
      }
    }
  }
}
