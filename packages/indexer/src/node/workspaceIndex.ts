import { realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { OutlineNode } from '../common/outline.js';
import type { IndexPhase, IndexProgress, QuickOpenResult, ReferenceResult, SymbolResult, TextSearchEvent, TextSearchQuery } from '../common/searchTypes.js';
import type { SymbolKind } from '../common/tags.js';
import type { BuildLimits } from './build/indexPipeline.js';
import { ProgressTracker } from './build/progressTracker.js';
import { IgnoreResolver } from './discovery/ignoreResolver.js';
import type { WalkIssue, WalkRoot } from './discovery/walker.js';
import { FileRefs } from './search/fileRefs.js';
import { findInFiles, warmUpMatchers } from './search/findInFiles.js';
import { quickOpen, RecentFiles } from './search/quickOpen.js';
import { findReferences } from './search/references.js';
import { fileOutline, findDefinitions, searchSymbols } from './search/symbolSearch.js';
import { IndexReader } from './store/indexReader.js';
import { defaultIndexDir } from './store/location.js';
import { dbPath, isCorruption } from './store/openDatabase.js';
import { WriterLease } from './store/writerLease.js';
import type { TagSource } from './tagSource.js';
import { startTreeWatcher, type StartWatcher } from './watch/treeWatcher.js';
import { WriterSession } from './writerSession.js';

export interface WorkspaceIndexOptions {
  /** Where tags come from: the parse worker pool (or a fixed table in tests). */
  tagSource: TagSource;
  /** Directory of index.db; default `$XDG_CACHE_HOME/marieide/index/<hash of the roots' real paths>`. */
  indexDir?: string;
  /** Workspace exclude globs (gitignore syntax, relative to each root), e.g. `node_modules/`. */
  excludes?: readonly string[];
  /** Honour .gitignore, .ignore and .git/info/exclude (default true). */
  useIgnoreFiles?: boolean;
  /** Files larger than this are listed and searched but not parsed (default 1 MB). */
  maxParseBytes?: number;
  /** Files larger than this are only listed: not read, parsed or searched (default 16 MB). */
  maxTextBytes?: number;
  /** Watch the roots for changes (default true). */
  watch?: boolean;
  /** Starts the watcher (default `startTreeWatcher`: inotify placed by the walk on Linux, else @parcel/watcher). */
  startWatcher?: StartWatcher;
  /** Quiet time that ends a burst of watcher events (default 75 ms). */
  coalesceMs?: number;
  /** How often a reader window retries to become the writer (default 2 s). */
  leaseRetryMs?: number;
  /** Find in files: longest a regex that may backtrack badly runs on one file before the file is skipped (default 2 s). */
  regexTimeLimitMs?: number;
  /** Progress from the very start (the build begins inside `open`); see also `onProgress`. */
  onProgress?: (p: IndexProgress) => void;
}

export type IndexRole = 'writer' | 'reader';

export interface IndexStatus {
  role: IndexRole;
  phase: IndexPhase;
  /** Files listed (quick open's universe). */
  files: number;
  dbPath: string;
  /** How the database was opened this session, e.g. 'corrupt' when it had to be rebuilt. */
  openedAs: string;
  rebuilds: number;
  issues: readonly WalkIssue[];
  lastError?: string;
  /** Set when changes on disk may go unseen until the next start (the writer's watcher failed or hit the system's watch limit). */
  watchProblem?: string;
}

const HEARTBEAT_MS = 5_000;

/**
 * The warm-up's find in files: one that no file matches (plans, statements, per-file
 * verdicts) and two that read files up to their first hit (the literal and the regex
 * verifier's code): after the first alone, the first real query still took 27 ms, not ~11.
 */
const WARM_UP_QUERIES: readonly TextSearchQuery[] = [
  { pattern: '\u0001\u0002\u0003', caseSensitive: true, maxResults: 1 },
  { pattern: 'return', caseSensitive: true, maxResults: 1 },
  { pattern: 'return\\s', isRegExp: true, caseSensitive: true, maxResults: 1 },
];

/**
 * The workspace index: discovery, parsing through a TagSource, the SQLite store, the
 * watcher, and the searches an IDE lives on. One window per workspace writes (the lease
 * holder); others open the same database read-only and serve the same searches, taking
 * over when the writer goes away. Searches never wait for a build: while one runs they
 * answer from what is stored and say so (`partial`), and find in files stays exact by
 * scanning whatever the index cannot vouch for yet.
 */
export class WorkspaceIndex {
  private session: WriterSession | undefined;
  private readonly reader: IndexReader;
  private readonly recent = new RecentFiles();
  private readonly listeners = new Set<(p: IndexProgress) => void>();
  private readonly progress: ProgressTracker;
  private readonly issues: WalkIssue[] = [];
  private readonly lease: WriterLease;
  private timers: NodeJS.Timeout[] = [];
  private lastProgress: IndexProgress;
  private lastError: string | undefined;
  private closed = false;
  private searchesWarm: Promise<void> | undefined;

  private constructor(
    readonly roots: readonly string[],
    private readonly walkRoots: readonly WalkRoot[],
    private readonly dir: string,
    private readonly options: WorkspaceIndexOptions,
    private readonly limits: BuildLimits,
    private readonly refs: FileRefs,
  ) {
    this.reader = new IndexReader(dir, (error) => {
      this.lastError = String(error);
      this.session?.requestRebuild();
    });
    this.lease = new WriterLease(dir);
    this.lastProgress = { phase: 'discovering', filesDone: 0, filesTotal: 0, bytesDone: 0, rate: 0, etaMs: 0 };
    if (options.onProgress) this.listeners.add(options.onProgress);
    this.progress = new ProgressTracker((p) => {
      this.lastProgress = p;
      // A live index warms up in the background once ready; a one-shot one (the CLI) may never search.
      if (p.phase === 'ready' && (options.watch ?? true)) setTimeout(() => void this.warmUp(), 0).unref();
      for (const l of this.listeners) l(p);
    });
  }

  static async open(roots: readonly string[], options: WorkspaceIndexOptions): Promise<WorkspaceIndex> {
    const rootPaths = roots.map((r) => resolve(r));
    const realRoots = rootPaths.map((r) => realpathSync(r));
    const dir = resolve(options.indexDir ?? defaultIndexDir(realRoots));
    const walkRoots = rootPaths.map((path, index): WalkRoot => {
      // An index stored inside a root must not index (and watch-loop on) itself.
      const inside = relative(path, dir);
      const excludes = [...(options.excludes ?? [])];
      if (inside && !inside.startsWith('..') && !inside.startsWith(sep)) excludes.push(`/${inside.split(sep).join('/')}/`);
      return { index, path, realPath: realRoots[index]!, ignore: new IgnoreResolver(path, excludes, options.useIgnoreFiles ?? true) };
    });
    const limits = { maxParseBytes: options.maxParseBytes ?? 1 << 20, maxTextBytes: options.maxTextBytes ?? 16 << 20 };
    const index = new WorkspaceIndex(rootPaths, walkRoots, dir, options, limits, new FileRefs(rootPaths));
    if (index.lease.tryAcquire()) await index.becomeWriter();
    else index.waitForLease();
    index.reader.refresh();
    index.loadRecent();
    return index;
  }

  get role(): IndexRole {
    return this.session ? 'writer' : 'reader';
  }

  onProgress(listener: (p: IndexProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): IndexStatus {
    this.reader.refresh();
    // A reader window gets no progress events: the writer's stored build state stands in.
    const phase = this.session ? this.lastProgress.phase : this.reader.meta('build') === 'ready' ? 'ready' : 'parsing';
    return {
      role: this.role,
      phase,
      files: this.reader.files.size,
      dbPath: dbPath(this.dir),
      openedAs: this.session?.openReason ?? 'reader',
      rebuilds: this.session?.rebuilds ?? 0,
      issues: this.issues,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.session?.watchProblem === undefined ? {} : { watchProblem: this.session.watchProblem }),
    };
  }

  /**
   * Does what the first searches and the first editor save would otherwise wait for: loads
   * the defined names (0.2–0.3 s for 100k files), runs find in files (WARM_UP_QUERIES: the
   * first real query took 49–72 ms instead of ~12), and has the parse workers load the
   * common languages. A live
   * index starts this by itself once ready; a benchmark awaits it to measure the IDE's state.
   */
  async warmUp(): Promise<void> {
    await Promise.all([(this.searchesWarm ??= this.warmUpSearches()), this.session?.warmUpTags()]);
  }

  private async warmUpSearches(): Promise<void> {
    if (this.closed) return;
    this.reader.refresh();
    this.guard(() => this.reader.names, undefined);
    try {
      for (const query of WARM_UP_QUERIES) for await (const event of this.findInFiles(query)) void event;
      warmUpMatchers();
    } catch {
      // A warm-up only: a real query reports its own errors.
    }
  }

  /** Resolves when no build, rescan or watcher batch is pending (tests, benchmarks, the CLI). */
  async whenIdle(): Promise<void> {
    await this.session?.whenIdle();
  }

  // --- roles ------------------------------------------------------------------------------

  private async becomeWriter(): Promise<void> {
    this.session = new WriterSession({
      dir: this.dir,
      roots: this.walkRoots,
      refs: this.refs,
      tags: this.options.tagSource,
      limits: this.limits,
      watch: this.options.watch ?? true,
      startWatcher: this.options.startWatcher ?? startTreeWatcher,
      coalesceMs: this.options.coalesceMs ?? 75,
      progress: this.progress,
      onIssue: (issue) => {
        if (this.issues.length < 1000) this.issues.push(issue);
      },
      onError: (error) => (this.lastError = String(error)),
    });
    await this.session.start();
    this.every(HEARTBEAT_MS, () => {
      if (!this.lease.renew()) void this.demote();
    });
  }

  /** Lost the lease (this process stalled past the timeout and another took over). */
  private async demote(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.clearTimers();
    await session?.close();
    this.waitForLease();
  }

  private waitForLease(): void {
    this.every(this.options.leaseRetryMs ?? 2_000, () => {
      if (this.closed || this.session || !this.lease.tryAcquire()) return;
      this.clearTimers();
      void this.becomeWriter();
    });
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  // --- searches ---------------------------------------------------------------------------

  /**
   * Runs a read; a damaged database answers `fallback` instead of throwing, and the writer
   * window rebuilds it.
   */
  private guard<T>(read: () => T, fallback: T): T {
    try {
      return read();
    } catch (error) {
      this.noteCorruption(error);
      return fallback;
    }
  }

  /** Rethrows anything but database damage; for damage, drops the connection and rebuilds. */
  private noteCorruption(error: unknown): void {
    if (!isCorruption(error)) throw error;
    this.lastError = String(error);
    this.reader.close();
    this.session?.requestRebuild();
  }

  private filesPartial(): boolean {
    if (this.session) return (!this.session.discovered && !this.session.listing) || this.session.hasPendingChanges;
    return this.reader.meta('build') !== 'ready';
  }

  private symbolsPartial(): boolean {
    if (this.session) return !this.session.discovered || this.session.building || this.session.hasPendingChanges;
    return this.reader.meta('build') !== 'ready';
  }

  /** Fuzzy file search: file-name and contiguous matches first, recently opened files boosted. */
  quickOpen(query: string, options: { limit?: number } = {}): QuickOpenResult {
    this.reader.refresh();
    // Discovery's listing, while its commit is on its way: the whole tree, seconds earlier.
    return { items: quickOpen(this.session?.listing ?? this.reader.files, this.refs, this.recent, query, options.limit ?? 50), partial: this.filesPartial() };
  }


  /** Tells quick open a file was opened (persisted by the writer window). */
  recordOpened(path: string): void {
    const where = this.refs.locate(resolve(path));
    if (!where) return;
    const key = `${where.root}\0${where.rel}`;
    this.recent.touch(key);
    this.session?.recordRecent(key);
  }

  private loadRecent(): void {
    const rows = this.reader.connection?.prepare('SELECT path FROM recent ORDER BY opened_at DESC LIMIT 200').pluck().all() as string[] | undefined;
    if (rows) this.recent.load(rows);
  }

  /** Workspace symbols: fuzzy, prefix and camelCase (`gTD` → `goToDefinition`), optionally by kind. */
  searchSymbols(query: string, options: { kinds?: readonly SymbolKind[]; limit?: number } = {}): SymbolResult {
    this.reader.refresh();
    return this.guard(() => ({ items: searchSymbols(this.reader, this.refs, query, options), partial: this.symbolsPartial() }), { items: [], partial: true });
  }

  /** Go to definition by name: every candidate, those in (or near) `fromPath` first. */
  findDefinitions(name: string, options: { kinds?: readonly SymbolKind[]; limit?: number; fromPath?: string } = {}): SymbolResult {
    this.reader.refresh();
    const from = options.fromPath ? this.refs.locate(resolve(options.fromPath)) : undefined;
    return this.guard(() => ({ items: findDefinitions(this.reader, this.refs, name, { ...options, ...(from ? { from } : {}) }), partial: this.symbolsPartial() }), { items: [], partial: true });
  }

  findReferences(name: string, options: { limit?: number } = {}): ReferenceResult {
    this.reader.refresh();
    return this.guard(() => ({ items: findReferences(this.reader, this.refs, name, options.limit ?? 1000), partial: this.symbolsPartial() }), { items: [], partial: true });
  }

  /** The file's definitions nested by container ([] when unknown or not parsed yet). */
  outline(path: string): OutlineNode[] {
    this.reader.refresh();
    const where = this.refs.locate(resolve(path));
    const slot = where && this.reader.files.find(where.root, where.rel);
    const contentId = slot === undefined ? null : this.reader.files.contentIds[slot];
    return contentId === null || contentId === undefined ? [] : this.guard(() => fileOutline(this.reader, contentId), []);
  }

  /**
   * Find in files. Streams one event per file with matches (path order), then `done`.
   * Throws PatternError (before any event) for a pattern ripgrep would reject too.
   */
  async *findInFiles(query: TextSearchQuery, options: { signal?: AbortSignal } = {}): AsyncGenerator<TextSearchEvent> {
    if (this.session && !this.session.discovered) await this.untilDiscovered();
    this.reader.refresh();
    const ctx = {
      reader: this.reader,
      refs: this.refs,
      maxTextBytes: this.limits.maxTextBytes,
      ...(this.options.regexTimeLimitMs === undefined ? {} : { regexTimeLimitMs: this.options.regexTimeLimitMs }),
      dirtyKeys: this.session?.dirtyKeys() ?? new Set<string>(),
      // While building, part of the answer came from scanning instead of the index.
      partial: this.symbolsPartial(),
    };
    try {
      yield* findInFiles(ctx, query, options.signal);
    } catch (error) {
      // The trigram lookup runs before the first result, so nothing was streamed yet.
      this.noteCorruption(error);
      // The index is unusable: answer by scanning every listed file while it is rebuilt.
      yield* findInFiles({ ...ctx, partial: true, scanAll: true }, query, options.signal);
    }
  }

  private async untilDiscovered(): Promise<void> {
    while (this.session && !this.session.discovered && !this.closed) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * The editor opened `path` with `content`. While the index is being built (or synced at
   * start), the file goes ahead of the build: parsed and stored now, so what the user
   * looks at is searchable first. Either way its tree is kept, so its saves re-parse
   * incrementally. A reader window, or a file the index ignores, does nothing.
   */
  async fileOpened(path: string, content: string | Uint8Array): Promise<void> {
    const where = this.writable(path);
    const session = this.session;
    if (!where || !session) return;
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    if (bytes.length > this.limits.maxParseBytes) return;
    // A parse through the store keeps the tree too (an interactive job); an already parsed content is not parsed again.
    if (this.lastProgress.phase !== 'ready' && (await session.updateFile(where.root, where.rel, bytes))) return;
    // The path exactly as the build sends the file's saves: the worker keeps trees by it.
    await this.options.tagSource.opened?.(session.absPath(where.root, where.rel), bytes);
  }

  /**
   * The editor saved `path`: its symbols and text are queryable when this resolves, without
   * waiting for the watcher. `content` is the saved text when the caller has it. A reader
   * window does nothing (the writer window's watcher sees the save).
   */
  async updateFile(path: string, content?: string | Uint8Array): Promise<void> {
    const where = this.writable(path);
    if (!where || !this.session) return;
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await this.session.updateFile(where.root, where.rel, bytes);
  }

  /** Where `path` is in the roots, when this window writes the index and does not ignore it. */
  private writable(path: string): { root: number; rel: string } | undefined {
    const where = this.refs.locate(resolve(path));
    if (!where || !this.session || this.walkRoots[where.root]!.ignore.isIgnored(where.rel, false)) return undefined;
    return where;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    await this.session?.close();
    this.session = undefined;
    this.lease.release();
    this.reader.close();
  }
}
