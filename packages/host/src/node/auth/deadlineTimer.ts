import type { Disposable } from '@marie/protocol';

// setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days); longer waits re-arm.
const MAX_DELAY = 2 ** 31 - 1;

/**
 * One timer for the session's next policy deadline (max age or idle timeout). Re-arming
 * replaces the previous deadline; the callback re-evaluates, so firing early is harmless.
 */
export class DeadlineTimer implements Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onDeadline: () => void,
    private readonly now: () => number,
  ) {}

  /** `at` in epoch ms, or null for no deadline. A small slack lets `now >= at` hold when it fires. */
  arm(at: number | null): void {
    this.dispose();
    if (at === null) return;
    const delay = Math.min(Math.max(at - this.now() + 25, 0), MAX_DELAY);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.now() >= at) this.onDeadline();
      else this.arm(at);
    }, delay);
    // A pending deadline never keeps the process alive on its own.
    this.timer.unref?.();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
