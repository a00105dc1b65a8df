/**
 * When the WAL is copied into the database (by the checkpointer thread, while the writer
 * thread goes on). Never inside a commit: SQLite's own auto-checkpoint runs in whichever
 * commit crosses its threshold, an editor save's included, and costs it tens of
 * milliseconds. Instead: after a quiet moment, or, when no quiet moment comes, once enough
 * was written (to bound the WAL), and then only after the batch's answer is out. A
 * checkpoint takes about 2.7 ms per MiB of WAL of the other core: a steady stream of small
 * batches (editor saves back to back) is checkpointed every few MiB, and only big ones (a
 * build) let the WAL reach 32 MiB.
 */
export class CheckpointPacer {
  private written = 0;
  /** Every batch since the last checkpoint was small. */
  private onlySmall = true;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly checkpoint: () => void,
    private readonly quietMs = 100,
    private readonly maxBytes = 32 << 20,
    private readonly smallBatchBytes = 512 << 10,
    private readonly smallMaxBytes = 4 << 20,
  ) {}

  /** A batch of about `bytes` was committed. */
  wrote(bytes: number): void {
    this.written += bytes;
    this.onlySmall &&= bytes < this.smallBatchBytes;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // setImmediate: batches that already arrived are applied (and answered) first.
    if (this.written >= (this.onlySmall ? this.smallMaxBytes : this.maxBytes)) setImmediate(() => this.run());
    else this.timer = setTimeout(() => this.run(), this.quietMs);
  }

  run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.written === 0) return;
    this.written = 0;
    this.onlySmall = true;
    this.checkpoint();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.written = 0;
    this.onlySmall = true;
  }
}
