import type { FileChange } from '@marie/protocol';
import { basename, relative, sep } from 'node:path';
import { isTempFileName } from './atomicWrite.js';
import { ChangeBatcher } from './changeBatcher.js';
import { subscribeTree, type TreeChange, type TreeSubscription } from './treeSubscription.js';

/**
 * Trees too large and too busy to be worth watching; git and the indexer watch them their
 * own way. Skipped at the source by name, not by glob: @parcel/watcher tests every crawled
 * path against every glob (a C++ regex each), and on a 100k-file tree the four globs for
 * both folders at any depth and everything under them cost 5.1–7.6 s of CPU at start,
 * against 0.6 s for the two paths (docs/decisions.md). Parcel skips the root's only, our
 * inotify watcher those at any depth; changes under nested ones are dropped in `receive`.
 */
const IGNORED_FOLDERS = ['.git', 'node_modules'];

export interface FileWatcherOptions {
  onChanges(changes: FileChange[]): void;
  onError?(error: unknown): void;
  delayMs?: number;
}

/** True for paths the watcher never reports: ignored folders and our own temp files. */
export function isIgnoredChange(root: string, path: string): boolean {
  const segments = relative(root, path).split(sep);
  return segments.some((s) => IGNORED_FOLDERS.includes(s)) || isTempFileName(basename(path));
}

/** Watches the roots for external changes and reports them in coalesced batches. */
export class FileWatcher {
  private subscriptions: TreeSubscription[] = [];
  private wanted: readonly string[] | undefined;
  // Start and stop are asynchronous; running them one after another keeps a quick
  // stop-start from leaking a subscription.
  private queue: Promise<void> = Promise.resolve();
  private readonly batcher: ChangeBatcher;

  constructor(private readonly options: FileWatcherOptions) {
    this.batcher = new ChangeBatcher({ delayMs: options.delayMs, onBatch: (c) => options.onChanges(c) });
  }

  /** Watches exactly `roots`, replacing whatever was watched before. */
  start(roots: readonly string[]): Promise<void> {
    this.wanted = [...roots];
    return this.reconcile();
  }

  stop(): Promise<void> {
    this.wanted = undefined;
    this.batcher.dispose();
    return this.reconcile();
  }

  /** Settles once every requested start/stop has taken effect. */
  whenSettled(): Promise<void> {
    return this.queue;
  }

  dispose(): void {
    void this.stop();
  }

  private reconcile(): Promise<void> {
    this.queue = this.queue.then(() => this.apply());
    return this.queue;
  }

  /** Always converges on the latest wish, however many requests queued up meanwhile. */
  private async apply(): Promise<void> {
    const old = this.subscriptions;
    this.subscriptions = [];
    await Promise.all(old.map((s) => s.unsubscribe().catch((e: unknown) => this.options.onError?.(e))));
    for (const root of this.wanted ?? []) {
      try {
        this.subscriptions.push(await subscribeTree(root, { skip: IGNORED_FOLDERS, onChanges: (changes) => this.receive(root, changes), onError: (e) => this.options.onError?.(e) }));
        // Setting up a watch on a large tree takes a while; anything that changed in the
        // meantime was not seen. "The root changed" tells clients to re-check what they hold.
        if (this.wanted?.includes(root)) this.batcher.add('changed', root);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private receive(root: string, changes: TreeChange[]): void {
    if (!this.wanted) return;
    for (const c of changes) if (!isIgnoredChange(root, c.path)) this.batcher.add(c.type, c.path);
  }
}
