import { WebSocket } from 'ws';
import { createWebSocketTransport } from '../common/transports/webSocket.js';
import type { Transport } from '../common/transports/transport.js';

export { WebSocket } from 'ws';

/** Node-side client connection (CLI, tests) to a `marie serve` host. */
export function connectWebSocketNode(url: string, headers: Record<string, string> = {}, maxPayload?: number): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, maxPayload });
    socket.once('open', () => resolve(createWebSocketTransport(socket)));
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`Host refused the connection: HTTP ${res.statusCode}`)));
  });
}
