import { Emitter } from '../event.js';
import type { Transport } from './transport.js';

/**
 * Two connected in-process transports. Delivery is asynchronous and text-only, so code
 * tested over it behaves as it would over a socket.
 */
export function createMemoryTransportPair(): [Transport, Transport] {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class MemoryEnd implements Transport {
  peer!: MemoryEnd;
  private readonly messages = new Emitter<string>();
  private readonly closes = new Emitter<void>();
  private closed = false;
  readonly onMessage = this.messages.event;
  readonly onClose = this.closes.event;

  send(data: string): void {
    if (this.closed) throw new Error('transport closed');
    if (typeof data !== 'string') throw new TypeError('transports carry text');
    const peer = this.peer;
    setTimeout(() => peer.closed || peer.messages.fire(data), 0);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closes.fire();
    setTimeout(() => this.peer.close(), 0);
  }
}
