/**
 * Passes the first value at once, then at most one every `intervalMs`; the last value of
 * a burst always arrives (trailing). `urgent` values (a phase change) skip the wait.
 */
export class Throttle<T> {
  private last = -Infinity;
  private pending: { value: T } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (value: T) => void,
  ) {}

  push(value: T, urgent = false): void {
    const wait = this.last + this.intervalMs - Date.now();
    if (urgent || wait <= 0) return this.flush(value);
    this.pending = { value };
    this.timer ??= setTimeout(() => this.pending && this.flush(this.pending.value), wait);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private flush(value: T): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.last = Date.now();
    this.emit(value);
  }
}
