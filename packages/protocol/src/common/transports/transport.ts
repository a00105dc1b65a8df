import type { Disposable } from '../event.js';

/**
 * A bidirectional text channel. Every transport carries strings, so the in-memory
 * one catches exactly what would not survive a real wire.
 */
export interface Transport {
  send(data: string): void;
  onMessage(listener: (data: string) => void): Disposable;
  onClose(listener: () => void): Disposable;
  close(): void;
}
