import type { FileChange, FileChangeType } from '@marie/protocol';

export interface ChangeBatcherOptions {
  /** Window opened by the first change; later changes join it without pushing it back. */
  delayMs?: number;
  /** Larger batches are split so one event never nears the RPC message size limit. */
  maxBatchSize?: number;
  onBatch(changes: FileChange[]): void;
}

/**
 * Folds what one path went through inside a window into the net effect the client needs.
 * Mostly the last type wins, with three refinements: added→deleted never happened,
 * added→changed is still new to the client, and deleted→added is a replacement (changed).
 */
export function mergeChange(previous: FileChangeType | undefined, next: FileChangeType): FileChangeType | undefined {
  if (previous === undefined) return next;
  if (previous === 'added') return next === 'deleted' ? undefined : 'added';
  if (previous === 'deleted' && next === 'added') return 'changed';
  return next;
}

/** Coalesces bursts (a branch switch, a build) into a few deduplicated batches. */
export class ChangeBatcher {
  private pending = new Map<string, FileChangeType>();
  private timer: NodeJS.Timeout | undefined;
  private readonly delayMs: number;
  private readonly maxBatchSize: number;

  constructor(private readonly options: ChangeBatcherOptions) {
    this.delayMs = options.delayMs ?? 75;
    this.maxBatchSize = options.maxBatchSize ?? 5000;
  }

  add(type: FileChangeType, path: string): void {
    const merged = mergeChange(this.pending.get(path), type);
    if (merged === undefined) this.pending.delete(path);
    else this.pending.set(path, merged);
    // A fixed window rather than a sliding debounce: a never-ending stream still flushes.
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.delayMs);
      this.timer.unref();
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const changes = [...this.pending].map(([path, type]) => ({ type, path }));
    this.pending = new Map();
    for (let i = 0; i < changes.length; i += this.maxBatchSize) this.options.onBatch(changes.slice(i, i + this.maxBatchSize));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
