import { Emitter } from '../event.js';
import type { Transport } from './transport.js';

/** What the browser's WebSocket and the `ws` package's WebSocket have in common. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
}

const OPEN = 1;

/** Wraps an open WebSocket. Binary frames are passed on as a marker the RPC rejects. */
export function createWebSocketTransport(socket: WebSocketLike): Transport {
  const messages = new Emitter<string>();
  const closes = new Emitter<void>();
  let closed = false;
  socket.addEventListener('message', (e) => messages.fire(typeof e.data === 'string' ? e.data : '\u0000non-text'));
  socket.addEventListener('close', () => {
    if (closed) return;
    closed = true;
    closes.fire();
  });
  return {
    send(data) {
      if (closed || socket.readyState !== OPEN) throw new Error('socket is not open');
      socket.send(data);
    },
    onMessage: messages.event,
    onClose: closes.event,
    close() {
      socket.close(1000, 'closed');
    },
  };
}
