/**
 * When the writer thread copies the WAL into the database. Never inside a commit: SQLite's
 * own auto-checkpoint runs in whichever commit crosses its threshold, an editor save's
 * included, and costs it tens of milliseconds. Instead: after a quiet moment, or, during
 * a long build, once enough was written (to bound the WAL), and then only after the
 * batch's answer is out.
 */
export class CheckpointPacer {
  private written = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly checkpoint: () => void,
    private readonly quietMs = 100,
    private readonly maxBytes = 32 << 20,
  ) {}

  /** A batch of about `bytes` was committed. */
  wrote(bytes: number): void {
    this.written += bytes;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // setImmediate: batches that already arrived are applied (and answered) first.
    if (this.written >= this.maxBytes) setImmediate(() => this.run());
    else this.timer = setTimeout(() => this.run(), this.quietMs);
  }

  run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.written === 0) return;
    this.written = 0;
    this.checkpoint();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.written = 0;
  }
}
