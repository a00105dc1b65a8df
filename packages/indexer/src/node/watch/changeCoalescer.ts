/**
 * Collects changed paths and hands them over in batches: after `quietMs` without a new
 * event, or `maxDelayMs` after the first one however busy the stream (a branch switch
 * touching 10,000 files becomes a few batches, not 10,000 updates). The same path changing
 * many times in a burst is handled once.
 */
export class ChangeCoalescer {
  private paths = new Set<string>();
  private rescan = false;
  private quietTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deliver: (paths: Set<string>, rescan: boolean) => void,
    private readonly quietMs = 75,
    private readonly maxDelayMs = 1000,
  ) {}

  add(paths: Iterable<string>): void {
    for (const p of paths) this.paths.add(p);
    this.arm();
  }

  /** Events were lost (watcher error or overflow): ask for a full metadata scan. */
  requestRescan(): void {
    this.rescan = true;
    this.arm();
  }

  /** Paths seen but not delivered yet (find in files must not trust the index for them). */
  get pendingPaths(): ReadonlySet<string> {
    return this.paths;
  }

  private arm(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(), this.quietMs);
    this.maxTimer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  flush(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.quietTimer = this.maxTimer = undefined;
    if (this.paths.size === 0 && !this.rescan) return;
    const paths = this.paths;
    const rescan = this.rescan;
    this.paths = new Set();
    this.rescan = false;
    this.deliver(paths, rescan);
  }

  dispose(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.quietTimer = this.maxTimer = undefined;
  }
}
