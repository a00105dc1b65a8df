import type { IndexProgress } from '@marie/indexer';
import { defaultIndexDir, LazyTagSource, WorkspaceIndex } from '@marie/indexer/node';
import { ParsePool } from '@marie/indexer/parse-pool';
import { DEFAULT_EXCLUDES, DEFAULT_START_DELAY_MS, type HostIndexOptions } from './indexOptions.js';

/**
 * Stored tags are re-extracted when this changes. The indexer has no fingerprint of its
 * grammars and queries yet; bump this with them.
 */
const PARSER_VERSION = 'tags-1';

/** A save waits at most this long for its symbols; past it the update completes in the background. */
const SAVE_WAIT_MS = 250;
/** Files opened before the index was, remembered to go first once it opens: about a window's tabs. */
const EARLY_OPENS = 8;

/**
 * Owns the parse pool and the WorkspaceIndex of the current roots. Nothing starts while
 * the host answers its first requests: the index opens after a delay or on the first
 * index request, reopens when the roots change, and closes (workers included) on close().
 */
export class HostIndex {
  private roots: readonly string[] = [];
  private pool: ParsePool | undefined;
  private opening: Promise<WorkspaceIndex | undefined> | undefined;
  private opened: WorkspaceIndex | undefined;
  private generation = 0;
  private started = false;
  private closing: Promise<void> | undefined;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(p: IndexProgress) => void>();
  /** Files read for the editor before the index opened, oldest first. */
  private readonly earlyOpens = new Map<string, Uint8Array>();

  private excludes: readonly string[];

  /** `userExcludes`: the `WorkspaceExcludes` policy (the user's `files.exclude` setting and any organisation's list). */
  constructor(
    private readonly options: HostIndexOptions,
    private readonly onError: (error: unknown) => void,
    private readonly userExcludes: () => readonly string[] = () => [],
  ) {
    this.excludes = this.currentExcludes();
  }

  /** The excludes changed (a setting or a policy): an open index reopens with them. */
  excludesChanged(): void {
    const next = this.currentExcludes();
    if (next.join('\0') === this.excludes.join('\0')) return;
    this.excludes = next;
    if (this.started) this.reopen();
  }

  private currentExcludes(): readonly string[] {
    return [...(this.options.excludes ?? DEFAULT_EXCLUDES), ...this.userExcludes()];
  }

  get enabled(): boolean {
    return this.options.enabled !== false;
  }

  /** The host is ready: open the index once the delay has passed (unless a request comes first). */
  scheduleStart(): void {
    const delay = this.options.startDelayMs ?? DEFAULT_START_DELAY_MS;
    if (!this.enabled || this.started || delay < 0) return;
    this.timer = setTimeout(() => this.start(), delay);
    this.timer.unref();
  }

  setRoots(roots: readonly string[]): void {
    this.roots = [...roots];
    if (this.started) this.reopen();
  }

  /** The index of the current roots, opening it now if needed; undefined without a folder. */
  current(): Promise<WorkspaceIndex | undefined> {
    this.start();
    return this.opening ?? Promise.resolve(undefined);
  }

  /** The open index, without starting anything (status, saves); undefined while (re)opening. */
  get active(): WorkspaceIndex | undefined {
    return this.opened;
  }

  /**
   * A save through the workspace: re-parse the bytes now, so the file's symbols are
   * current when the save answers, without waiting for the watcher. Never fails the save.
   */
  async fileSaved(path: string, bytes: Uint8Array): Promise<void> {
    const index = this.opened;
    if (!index) return;
    const update = index.updateFile(path, bytes).catch((error: unknown) => this.onError(error));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([update, new Promise<void>((r) => (timer = setTimeout(r, SAVE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /**
   * A file was opened in the editor: indexed ahead of a running build, and its tree kept
   * so its first save re-parses incrementally (WorkspaceIndex.fileOpened). Never delays
   * the read; failures only reach onError.
   */
  fileOpened(path: string, bytes: Uint8Array): void {
    if (!this.enabled || this.closed) return;
    const index = this.opened;
    if (index) {
      index.fileOpened(path, bytes).catch((error: unknown) => this.onError(error));
      return;
    }
    // Restored editors are read before the index opens: they go first once it does.
    this.earlyOpens.delete(path);
    this.earlyOpens.set(path, bytes);
    if (this.earlyOpens.size > EARLY_OPENS) this.earlyOpens.delete(this.earlyOpens.keys().next().value!);
  }

  /** The parse workers were started (something needed parsing). */
  get parsing(): boolean {
    return this.pool !== undefined;
  }

  /** Quarantined files so far (the pool's count, across reopens). */
  quarantined(): number {
    return this.pool?.stats().quarantined ?? 0;
  }

  /** Editor saves re-parsed from a kept tree so far (the pool's count, across reopens). */
  reusedTrees(): number {
    return this.pool?.stats().reusedTrees ?? 0;
  }

  onProgress(listener: (p: IndexProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the index (flushing its writes) and stops the parse workers. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.timer);
      this.generation++;
      const index = await this.opening?.catch(() => undefined);
      this.opened = undefined;
      await index?.close();
      this.closed = true;
      this.earlyOpens.clear();
      await this.pool?.close();
      this.listeners.clear();
    })();
    return this.closing;
  }

  private start(): void {
    if (this.started || !this.enabled || this.closing) return;
    this.started = true;
    clearTimeout(this.timer);
    this.reopen();
  }

  /** Chains on the previous opening, so two indexes never run at once. */
  private reopen(): void {
    if (this.closing) return;
    const previous = this.opening;
    const generation = ++this.generation;
    const roots = this.roots;
    this.opening = (async () => {
      const old = await previous?.catch(() => undefined);
      this.opened = undefined;
      await old?.close();
      // Superseded by a newer set of roots, or the host is closing: nothing to open.
      if (generation !== this.generation || roots.length === 0) return undefined;
      const index = await this.open(roots);
      if (generation === this.generation) {
        this.opened = index;
        const early = [...this.earlyOpens];
        this.earlyOpens.clear();
        for (const [path, bytes] of early) this.fileOpened(path, bytes);
      }
      return index;
    })().catch((error: unknown) => {
      this.onError(error);
      return undefined;
    });
  }

  private async open(roots: readonly string[]): Promise<WorkspaceIndex> {
    const base = this.options.indexDir;
    return WorkspaceIndex.open(roots, {
      tagSource: new LazyTagSource(() => (this.pool ??= this.createPool()), PARSER_VERSION),
      // Roots arrive as real paths (the workspace stores them so), as defaultIndexDir expects.
      ...(base === undefined ? {} : { indexDir: defaultIndexDir(roots, { XDG_CACHE_HOME: base }) }),
      excludes: this.excludes,
      watch: this.options.watch ?? true,
      onProgress: (p) => {
        for (const l of this.listeners) l(p);
      },
    });
  }

  private createPool(): ParsePool {
    // A straggling parse after close() must not start workers nobody will stop.
    if (this.closed) throw new Error('the index is closed');
    return new ParsePool(this.options.workers === undefined ? {} : { workers: this.options.workers });
  }
}
