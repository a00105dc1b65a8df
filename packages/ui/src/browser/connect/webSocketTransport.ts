import { createWebSocketTransport, type Transport } from '@marie/protocol';

/** `ws(s)://<this host>/rpc?token=…`: the page's own origin, so the host's Origin check passes. */
export function rpcUrl(location: Location, token: string | undefined): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/rpc${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** Opens the socket and resolves once it is open; a close or error before that rejects. */
export function connectWebSocket(url: string): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const fail = () => {
      cleanup();
      reject(new Error('Could not connect to the host.'));
    };
    const open = () => {
      cleanup();
      resolve(createWebSocketTransport(socket));
    };
    const cleanup = () => {
      socket.removeEventListener('open', open);
      socket.removeEventListener('error', fail);
      socket.removeEventListener('close', fail);
    };
    socket.addEventListener('open', open);
    socket.addEventListener('error', fail);
    socket.addEventListener('close', fail);
  });
}
