import { statSync } from 'node:fs';
import { changesForPaths, scanChanges, type FileChanges } from './build/fileChanges.js';
import { paceHeapGrowth } from './build/heapGrowth.js';
import { IndexPipeline, type BuildLimits, type FileUpsert } from './build/indexPipeline.js';
import type { ProgressTracker } from './build/progressTracker.js';
import type { WalkIssue, WalkRoot } from './discovery/walker.js';
import type { FileRefs } from './search/fileRefs.js';
import type { FileTable } from './store/catalogTables.js';
import { fileKey, IndexWriter } from './store/indexWriter.js';
import { isCorruption, type OpenReason } from './store/openDatabase.js';
import { WriterThread } from './store/writerThreadClient.js';
import type { TagSource } from './tagSource.js';
import { ChangeCoalescer } from './watch/changeCoalescer.js';
import type { StartWatcher, TreeWatcher } from './watch/treeWatcher.js';

/** Events in one burst beyond which the burst is settled by a full metadata scan. */
const BURST_RESCAN_EVENTS = 2_000;
const BURST_QUIET_MS = 1_000;
/** File types whose languages are loaded ahead of the first save (each costs every parse worker its grammar's memory). */
const WARM_UP_TYPES = 6;
const WARM_UP_MAX_BYTES = 64 * 1024;

export interface SessionContext {
  dir: string;
  roots: readonly WalkRoot[];
  refs: FileRefs;
  tags: TagSource;
  limits: BuildLimits;
  watch: boolean;
  startWatcher: StartWatcher;
  coalesceMs: number;
  progress: ProgressTracker;
  onIssue: (issue: WalkIssue) => void;
  onError: (error: unknown) => void;
}

interface Store {
  thread: WriterThread;
  writer: IndexWriter;
  pipeline: IndexPipeline;
}

/**
 * Everything the window holding the writer lease does: the write connection, the initial
 * sync (metadata scan, then read/hash/parse what changed), the watcher, editor saves, and
 * rebuilding a damaged database. Jobs run one at a time; watcher batches that arrive while
 * one runs are merged into the next, so a burst converges instead of thrashing. The SQL
 * itself runs on the writer thread (store/writerThread.ts); this thread only decides it.
 */
export class WriterSession {
  discovered = false;
  /**
   * Every listed file while a cold build's listing is being committed (the writer thread
   * takes seconds over 100k rows and the reader's table waits for it): quick open answers
   * from this meanwhile. Undefined otherwise.
   */
  listing: FileTable | undefined;
  building = false;
  rebuilds = 0;
  openReason: OpenReason = 'existing';
  /** Why changes on disk may go unseen until the next start (no watcher, or the watch limit). */
  watchProblem: string | undefined;
  /** Files the running sync is (re)reading: the index cannot vouch for their text yet. */
  private syncing = new Set<string>();
  private store!: Store;
  private work: Promise<void> = Promise.resolve();
  private queuedPaths = new Set<string>();
  private queuedSync = false;
  private jobScheduled = false;
  /** key → event generation; cleared when a job that saw that generation finishes. */
  private readonly dirty = new Map<string, number>();
  private generation = 0;
  private coalescer: ChangeCoalescer | undefined;
  private watcher: TreeWatcher | undefined;
  private readonly abort = new AbortController();
  private rebuildQueued = false;
  /** Events in the current burst; see `onEvents`. */
  private burstEvents = 0;
  private settleTimer: NodeJS.Timeout | undefined;
  private starting: Promise<void> = Promise.resolve();
  private tagsWarm: Promise<void> | undefined;

  constructor(private readonly ctx: SessionContext) {}

  /**
   * Opens the database on the writer thread (creating or rebuilding it there when needed;
   * `fresh` deletes it first) and loads this thread's view of what is stored. Reuses the
   * thread unless it died.
   */
  private async openStore(fresh: boolean, previous?: WriterThread): Promise<{ store: Store; reason: OpenReason }> {
    const thread = previous?.alive ? previous : new WriterThread();
    const { dir } = this.ctx;
    const roots = this.ctx.roots.map((r) => r.realPath);
    let reason = await thread.open(dir, roots, fresh);
    let writer: IndexWriter;
    try {
      writer = IndexWriter.load(dir, thread);
    } catch (error) {
      // Damage that only shows when rows are read: start over.
      await thread.open(dir, roots, true);
      reason = isCorruption(error) ? 'corrupt' : 'schema';
      writer = IndexWriter.load(dir, thread);
    }
    const pipeline = new IndexPipeline({ rootPaths: this.ctx.roots.map((r) => r.path), writer, tags: this.ctx.tags, limits: this.ctx.limits, progress: this.ctx.progress });
    if (this.ctx.tags.version !== undefined && writer.meta('parser_version') !== this.ctx.tags.version) {
      writer.resetTags();
      writer.setMeta('parser_version', this.ctx.tags.version);
      await writer.flushed();
    }
    return { store: { thread, writer, pipeline }, reason };
  }

  /** Keys of files changed on disk but not re-indexed yet. */
  dirtyKeys(): ReadonlySet<string> {
    if (this.dirty.size === 0) return this.syncing;
    const all = new Set(this.syncing);
    for (const key of this.dirty.keys()) all.add(key);
    return all;
  }

  get hasPendingChanges(): boolean {
    return this.dirty.size > 0 || this.queuedPaths.size > 0 || this.queuedSync || this.settleTimer !== undefined;
  }

  /** Opens the store, starts the watcher and queues the initial sync. */
  start(): Promise<void> {
    this.starting = this.open();
    return this.starting;
  }

  /**
   * The watcher starts while the store opens. The walk-placed watcher (inotify) starts at
   * once and the scan's walk watches each folder before listing it; @parcel/watcher's
   * subscription crawls the tree first (hundreds of milliseconds at 100k files, on its own
   * thread, beside the writer's). Jobs that early events queue wait for the store (`work`).
   * The initial scan starts only once the watcher is live, so no change falls between the two.
   */
  private async open(): Promise<void> {
    const opened = this.openStore(false).then(({ store, reason }) => {
      this.store = store;
      this.openReason = reason;
    });
    this.work = opened.catch(() => undefined);
    const watching = this.ctx.watch ? this.startWatcher() : Promise.resolve();
    try {
      await opened;
    } catch (error) {
      await watching;
      this.coalescer?.dispose();
      await this.watcher?.close();
      this.watcher = undefined;
      throw error;
    }
    await watching;
    this.enqueue(new Set(), true);
  }

  private async startWatcher(): Promise<void> {
    this.coalescer = new ChangeCoalescer((paths, rescan) => this.enqueue(paths, rescan), this.ctx.coalesceMs);
    try {
      this.watcher = await this.ctx.startWatcher(
        this.ctx.roots.map((r) => ({ path: r.path, skip: r.ignore.watcherSkips(), above: r.ignore.ancestorWatchDirs() })),
        {
          onPaths: (paths) => this.onEvents(paths),
          onLost: () => this.coalescer?.requestRescan(),
          onError: (error) => {
            this.watchProblem = error.message;
            this.ctx.onError(error);
          },
        },
      );
    } catch (error) {
      // No live updates; the index still works from scans.
      this.watchProblem = `changes on disk are not watched: ${error instanceof Error ? error.message : String(error)}`;
      this.ctx.onError(error);
    }
  }

  /**
   * A large burst (a branch switch) is settled by a metadata scan once it has been quiet
   * for a second, instead of path by path: the scan finds every change, lost events
   * included. Our inotify watcher reports an overflow (`onLost`), but @parcel/watcher, the
   * watcher elsewhere, drops the kernel's notice silently.
   */
  private onEvents(events: string[]): void {
    const gen = ++this.generation;
    const paths: string[] = [];
    for (const p of events) {
      const where = this.ctx.refs.locate(p);
      if (where) {
        this.dirty.set(fileKey(where.root, where.rel), gen);
        paths.push(p);
      } else if (this.ctx.roots.some((r) => r.ignore.isAncestorChange(p))) {
        // Above the roots only ignore files and repositories matter, and they change which
        // files belong at all; the rest of, say, the home folder's churn wakes nothing.
        this.coalescer?.requestRescan();
      }
    }
    if (paths.length === 0) return;
    this.burstEvents += paths.length;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      const burst = this.burstEvents;
      this.burstEvents = 0;
      if (burst >= BURST_RESCAN_EVENTS) this.coalescer?.requestRescan();
    }, BURST_QUIET_MS);
    if (this.burstEvents >= BURST_RESCAN_EVENTS) return; // the scan will cover these
    this.coalescer?.add(paths);
  }

  /** A search hit a damaged page: rebuild from scratch (searches meanwhile scan or come back empty). */
  requestRebuild(): void {
    if (this.rebuildQueued) return;
    this.rebuildQueued = true;
    this.work = this.work.then(async () => {
      this.rebuildQueued = false;
      if (this.abort.signal.aborted) return;
      await this.rebuild();
      this.enqueue(new Set(), true);
    });
  }

  private enqueue(paths: Set<string>, rescan: boolean): void {
    for (const p of paths) this.queuedPaths.add(p);
    if (rescan) this.queuedSync = true;
    if (this.jobScheduled) return;
    this.jobScheduled = true;
    this.work = this.work.then(() => this.runJob());
  }

  private async runJob(): Promise<void> {
    this.jobScheduled = false;
    if (this.abort.signal.aborted) return;
    const sync = this.queuedSync;
    const paths = this.queuedPaths;
    this.queuedSync = false;
    this.queuedPaths = new Set();
    const seenGeneration = this.generation;
    this.building = true;
    try {
      if (sync) await this.fullSync();
      else if (paths.size > 0) await this.applyPaths(paths);
    } catch (error) {
      if (this.abort.signal.aborted) return;
      if (isCorruption(error)) {
        await this.rebuild();
        this.enqueue(new Set(), true);
      } else {
        this.ctx.onError(error);
        await this.reopen();
      }
    } finally {
      this.building = false;
    }
    for (const [key, gen] of this.dirty) if (gen <= seenGeneration) this.dirty.delete(key);
    if (!this.hasPendingChanges) {
      this.ctx.progress.start('ready');
      // Part of the job: whoever waits for idle finds the WAL checkpointed. Warming up is
      // not (idle means the index is current, not that grammars are warm): the workspace
      // index starts it once ready.
      await this.store.thread.checkpoint();
    }
  }

  /** Metadata scan of every root, then work only on what differs from the stored state. */
  private async fullSync(): Promise<void> {
    // A cold build (lookup indexes not built yet) paces the heap's growth from its first
    // step: the walk and the listing leave what its first collections size the heap by.
    const endPacing = this.store.writer.meta('indexes') !== 'built' ? paceHeapGrowth() : undefined;
    try {
      await this.syncAll();
    } finally {
      endPacing?.();
    }
  }

  private async syncAll(): Promise<void> {
    const { writer, pipeline } = this.store;
    const cold = writer.meta('indexes') !== 'built';
    for (const r of this.ctx.roots) r.ignore.invalidate();
    this.ctx.progress.start('discovering');
    const dropUnwalked = this.watcher?.beginFullWalk?.();
    const changes = await scanChanges(
      this.ctx.roots,
      this.ctx.roots.map((root) => ({ root, rel: '' })),
      writer,
      this.ctx.limits,
      { signal: this.abort.signal, onIssue: this.ctx.onIssue, watchDir: this.watcher?.watchDir },
    );
    dropUnwalked?.();
    this.syncing = new Set(changes.upserts.map((f) => fileKey(f.root, f.rel)));
    for (const f of changes.upserts) writer.listPending(f.root, f.rel, f.size, f.mtime);
    for (const r of changes.removals) writer.removeFile(r.root, r.rel);
    writer.setMeta('build', 'building');
    // The listing goes to the writer thread first; its table is built while that commits.
    // Only in a cold build: a warm start's reader already holds the listing, and the table
    // costs ~0.2 s at 100k files.
    const committed = writer.flushed();
    if (cold) this.listing = writer.files.toFileTable();
    try {
      await committed;
    } finally {
      this.listing = undefined;
    }
    this.discovered = true;
    this.ctx.progress.start('parsing', changes.upserts.length);
    try {
      await pipeline.apply(changes.upserts, [], { signal: this.abort.signal });
    } finally {
      this.syncing = new Set();
    }
    this.ctx.progress.start('storing', 0);
    if (cold) await writer.buildSecondaryIndexes();
    await this.mergeTextIfNeeded();
    writer.setMeta('build', 'ready');
    // Committed: the names and hashes a build remembered are in the database now.
    await writer.forgetLookups();
  }

  private async mergeTextIfNeeded(): Promise<void> {
    const { writer, thread } = this.store;
    if (thread.needsMerge) await thread.merge(writer.liveContents());
  }

  private async applyPaths(paths: Set<string>): Promise<void> {
    const { writer, pipeline } = this.store;
    const changes = await changesForPaths(paths, this.ctx.roots, this.ctx.refs, writer, this.ctx.limits, this.watcher?.watchDir);
    if (changes.rescan) {
      await this.fullSync();
      return;
    }
    const { upserts, removals } = dedupe(changes);
    if (upserts.length === 0 && removals.length === 0) return;
    this.ctx.progress.start('parsing', upserts.length);
    await pipeline.apply(upserts, removals, { signal: this.abort.signal });
    await this.mergeTextIfNeeded();
  }

  /**
   * Once per session: has the tag source load the languages of the tree's most common file
   * types (and compile the save path), so the first editor save in one of them does not
   * wait for its grammar.
   */
  warmUpTags(): Promise<void> {
    return (this.tagsWarm ??= this.loadCommonLanguages());
  }

  private async loadCommonLanguages(): Promise<void> {
    const { tags } = this.ctx;
    if (!tags.warmUp) return;
    // Per type: how common, and its largest file up to 64 KB (more code to warm up).
    const { present, rels, sizes, roots } = this.store.writer.files;
    const byType = new Map<string, { count: number; example: number }>();
    for (let slot = 0; slot < present.length; slot++) {
      if (present[slot] !== 1) continue;
      const rel = rels[slot]!;
      const type = rel.slice(rel.lastIndexOf('.') + 1);
      const seen = byType.get(type);
      const size = sizes[slot]!;
      const best = seen && sizes[seen.example]!;
      if (!seen) byType.set(type, { count: 1, example: slot });
      else {
        seen.count++;
        if (size <= WARM_UP_MAX_BYTES && (size > best! || best! > WARM_UP_MAX_BYTES)) seen.example = slot;
      }
    }
    const common = [...byType.values()].sort((a, b) => b.count - a.count).slice(0, WARM_UP_TYPES);
    // Unfiltered: the source knows its languages (and asking `supports` may start it).
    const paths = common.map((t) => this.store.pipeline.absPath(roots[t.example]!, rels[t.example]!));
    await tags.warmUp(paths).catch((error: unknown) => this.ctx.onError(error));
  }

  /** A file's absolute path as the build sends it to the tag source (which keeps editor trees by it). */
  absPath(root: number, rel: string): string {
    return this.store.pipeline.absPath(root, rel);
  }

  /**
   * An editor save: stored and committed before this resolves, without waiting for the
   * watcher. True when the file was parsed (its content was not parsed before).
   */
  async updateFile(root: number, rel: string, content?: Uint8Array): Promise<boolean> {
    const path = this.absPath(root, rel);
    let size = content?.length ?? 0;
    let mtime = 0;
    try {
      const st = statSync(path);
      if (!content || st.size === content.length) {
        size = st.size;
        mtime = st.mtimeMs;
      }
    } catch {
      if (!content) {
        await this.store.pipeline.apply([], [{ root, rel }], { interactive: true });
        return false;
      }
    }
    const upsert: FileUpsert = content ? { root, rel, size, mtime, content } : { root, rel, size, mtime };
    return (await this.store.pipeline.apply([upsert], [], { interactive: true })) > 0;
  }

  /**
   * After a failed job: drop the open batch and reload this thread's memory from what is
   * committed (it may have run ahead of a rolled-back transaction).
   */
  private async reopen(): Promise<void> {
    this.store.writer.close();
    this.store = (await this.openStore(false, this.store.thread)).store;
  }

  /** Deletes the damaged database and starts a fresh one (a full sync follows). */
  private async rebuild(): Promise<void> {
    this.rebuilds++;
    this.store.writer.close();
    const { store, reason } = await this.openStore(true, this.store.thread);
    this.store = store;
    this.openReason = reason;
  }

  recordRecent(key: string): void {
    this.store?.writer.recordRecent(key);
  }

  async whenIdle(): Promise<void> {
    await this.starting;
    for (;;) {
      const work = this.work;
      await work;
      this.coalescer?.flush();
      if (this.settleTimer) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (work === this.work && !this.jobScheduled && this.queuedPaths.size === 0 && !this.queuedSync) return;
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.coalescer?.dispose();
    await this.starting.catch(() => undefined);
    await this.watcher?.close();
    await this.work.catch(() => undefined);
    if (!this.store) return;
    try {
      await this.store.writer.flushed();
    } catch {
      /* a failed batch: what is committed stays */
    }
    this.store.writer.close();
    await this.store.thread.close().catch(() => undefined);
  }
}

function dedupe(changes: FileChanges): FileChanges {
  const upserts = new Map(changes.upserts.map((u) => [fileKey(u.root, u.rel), u]));
  const removals = changes.removals.filter((r) => !upserts.has(fileKey(r.root, r.rel)));
  return { upserts: [...upserts.values()], removals };
}
