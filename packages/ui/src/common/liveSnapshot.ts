import type { Disposable, Event } from '@marie/protocol';
import { toWireError } from '@marie/editor-core';

export interface SnapshotSource<T> {
  read(): Promise<T>;
  onDidChange: Event<T>;
}

export interface SnapshotSink<T> {
  ready(value: T): void;
  failed(message: string): void;
}

/**
 * Keeps a page's copy of a host list current: the change event, then a first read. A read
 * that answers after a newer value arrived (a slow load racing an event) is dropped, so the
 * page never goes back in time.
 */
export class LiveSnapshot<T> implements Disposable {
  private subscription: Disposable | undefined;
  private sequence = 0;

  constructor(
    private readonly source: SnapshotSource<T>,
    private readonly sink: SnapshotSink<T>,
  ) {}

  /** Subscribes first, then reads, so no change between the two is missed. */
  start(): void {
    this.subscription?.dispose();
    this.subscription = this.source.onDidChange((value) => {
      this.sequence++;
      this.sink.ready(value);
    });
    void this.read();
  }

  async read(): Promise<void> {
    const mine = ++this.sequence;
    try {
      const value = await this.source.read();
      if (mine === this.sequence) this.sink.ready(value);
    } catch (e) {
      if (mine === this.sequence) this.sink.failed(toWireError(e).message);
    }
  }

  dispose(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
  }
}
