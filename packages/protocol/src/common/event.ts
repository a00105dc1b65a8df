export interface Disposable {
  dispose(): void;
}

/** A typed event: subscribe with a listener, get a handle to unsubscribe. */
export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> {
  private readonly listeners = new Set<(e: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export function combinedDisposable(...items: Disposable[]): Disposable {
  return { dispose: () => items.forEach((d) => d.dispose()) };
}
