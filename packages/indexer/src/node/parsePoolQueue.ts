/**
 * The pool's bounded queue of jobs not yet handed to a worker. Producers reserve room
 * first (waiting in FIFO order while it is full), so the bound holds however many
 * submit at once. Jobs a worker gave back (stopped or orphaned by a crash) go to the
 * front and may exceed the bound: they were already accepted once.
 */
import type { ParseJob, ParseResult } from '../worker/protocol.js';

export interface Entry {
  job: ParseJob;
  signal: AbortSignal | undefined;
  /** How many workers died while on this job. */
  attempts: number;
  cancelled?: boolean;
  resolve?: (result: ParseResult) => void;
  reject?: (error: Error) => void;
}

interface Waiter {
  wake: () => void;
  fail: (error: Error) => void;
}

export class JobQueue {
  private entries: Entry[] = [];
  private head = 0;
  private reserved = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.entries.length - this.head;
  }

  /** Resolves once there is room for one more entry, reserved for the caller's `push`. */
  waitForRoom(signal: AbortSignal | undefined): Promise<void> {
    if (this.waiters.length === 0 && this.room() > 0) {
      this.reserved++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: reject,
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new DOMException('The operation was aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Give back a reservation that will not be used. */
  release(): void {
    this.reserved = Math.max(0, this.reserved - 1);
    this.wakeWaiters();
  }

  push(entry: Entry): void {
    this.reserved = Math.max(0, this.reserved - 1);
    this.entries.push(entry);
  }

  pushFront(entry: Entry): void {
    // The slots before `head` are consumed: reuse the last one (unshifting would put the
    // entry behind `head`, where it is never taken, and hand out a consumed one again).
    if (this.head > 0) this.entries[--this.head] = entry;
    else this.entries.unshift(entry);
  }

  /** The next entry to take is an editor save. */
  frontIsInteractive(): boolean {
    return this.entries[this.head]?.job.priority === 'interactive';
  }

  /** Up to `max` entries, in order; an interactive entry always travels alone. */
  takeBatch(max: number): Entry[] {
    const batch: Entry[] = [];
    while (batch.length < max && this.head < this.entries.length) {
      const interactive = this.entries[this.head]!.job.priority === 'interactive';
      if (interactive && batch.length > 0) break;
      batch.push(this.entries[this.head++]!);
      if (interactive) break;
    }
    this.compact();
    this.wakeWaiters();
    return batch;
  }

  remove(entry: Entry): boolean {
    const i = this.entries.indexOf(entry, this.head);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    this.wakeWaiters();
    return true;
  }

  /** Every entry that matches, removed. */
  removeWhere(test: (entry: Entry) => boolean): Entry[] {
    this.compact();
    const removed = this.entries.filter(test);
    if (removed.length > 0) this.entries = this.entries.filter((e) => !test(e));
    this.wakeWaiters();
    return removed;
  }

  removeAll(): Entry[] {
    return this.removeWhere(() => true);
  }

  rejectWaiters(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.fail(error);
  }

  private room(): number {
    return this.capacity - this.length - this.reserved;
  }

  private wakeWaiters(): void {
    while (this.waiters.length > 0 && this.room() > 0) {
      this.reserved++;
      this.waiters.shift()!.wake();
    }
  }

  /** Drop the consumed prefix once it is large, so taking stays O(1) amortized. */
  private compact(): void {
    if (this.head > 0 && (this.head >= 1024 || this.head === this.entries.length)) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
