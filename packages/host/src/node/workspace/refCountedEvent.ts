import type { Emitter, Event } from '@marie/protocol';

/**
 * An event that tells its owner when the first listener arrives and the last one leaves,
 * so costly sources (an OS file watcher) only run while someone listens.
 */
export function refCountedEvent<T>(emitter: Emitter<T>, onFirst: () => void, onLast: () => void): Event<T> {
  let count = 0;
  return (listener) => {
    const subscription = emitter.event(listener);
    if (++count === 1) onFirst();
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        subscription.dispose();
        if (--count === 0) onLast();
      },
    };
  };
}
