/**
 * Bounds the ingests one replica runs at once (each holds a database connection for its
 * transaction) with a bounded wait line behind them. A full line answers 429 + Retry-After
 * at once, so agents back off instead of piling up connections; nothing queues unboundedly.
 */
export class IngestGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  /** Resolves with a release function, or with null when the line is full. */
  async enter(): Promise<(() => void) | null> {
    if (this.running < this.maxRunning) {
      this.running++;
      return () => this.leave();
    }
    if (this.waiting.length >= this.maxWaiting) return null;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    // leave() handed its slot over: `running` was not decremented.
    return () => this.leave();
  }

  private leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
