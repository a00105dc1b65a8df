import { createWebSocketTransport } from '../common/transports/webSocket.js';
import type { Transport } from '../common/transports/transport.js';

/** Opens a WebSocket from a page and resolves once it can carry messages. */
export function connectWebSocket(url: string): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.addEventListener('open', () => resolve(createWebSocketTransport(socket)), { once: true });
    socket.addEventListener('error', () => reject(new Error(`Could not connect to ${url.replace(/token=[^&]*/, 'token=…')}`)), { once: true });
  });
}
